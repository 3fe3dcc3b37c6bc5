package io.postrain.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.inference.repository.ModelVersionEntity;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.template.ChatMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restarted service serves the trained versions it served before: the service starts over what an
 * earlier run left ({@link PreviousRunResource}: its database, the model store, and every
 * announcement on {@code model-updates} again plus one made while it was down).
 */
@QuarkusTest
@TestProfile(RestartTest.AfterAnEarlierRun.class)
class RestartTest {

  /** The service over an earlier run's data, with no other test's resources. */
  public static class AfterAnEarlierRun implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(PreviousRunResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  @Inject MeterRegistry meters;

  @Test
  void restoredVersionsAreServedAndRedeliveredAnnouncementsChangeNothing() {
    // Ready only once the known versions are loaded again.
    Fixtures.awaitReady();
    // The five announcements on the topic: v1 to v4 again (known, left alone), v5 new.
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> updates("known") + updates("loaded") + updates("failed") == 5);
    assertThat(updates("known")).isEqualTo(4);
    assertThat(updates("loaded")).isEqualTo(1);

    // v2 and v4 (the newest READY two) were restored, then v5 came: two versions stay loaded.
    assertThat(ModelUpdatesTest.modelIds())
        .contains("mini:v4=v4", "mini:v5=v5", "mini:latest=v5", "tiny:latest=base")
        .doesNotContain("mini:v1=v1", "mini:v2=v2", "mini:v3=v3", "mini:base=base");
    Map<String, JsonNode> versions = new HashMap<>();
    ModelUpdatesTest.versions().forEach(v -> versions.put(v.get("version").asText(), v));
    assertThat(versions).containsOnlyKeys("v1", "v2", "v3", "v4", "v5");
    assertThat(state(versions.get("v1"))).isEqualTo("READY loaded=false latest=false");
    assertThat(state(versions.get("v2"))).isEqualTo("READY loaded=false latest=false");
    assertThat(state(versions.get("v3"))).isEqualTo("FAILED loaded=false latest=false");
    assertThat(state(versions.get("v4"))).isEqualTo("READY loaded=true latest=false");
    assertThat(state(versions.get("v5"))).isEqualTo("READY loaded=true latest=true");

    // The redelivered announcements left the earlier run's records as they were.
    for (String version : PreviousRunResource.RECORDED_AT.keySet()) {
      ModelVersionEntity v =
          QuarkusTransaction.requiringNew()
              .call(() -> ModelVersionEntity.find(TinyModelsResource.MINI, version).orElseThrow());
      assertThat(v.createdAt).isEqualTo(PreviousRunResource.RECORDED_AT.get(version));
      assertThat(v.updateId).isEqualTo(PreviousRunResource.updateId(version));
    }

    // Each name answers like the checkpoint it names.
    assertThat(generate("mini:v4")).isEqualTo(reference(versions.get("v4")));
    assertThat(generate("mini")).isEqualTo(reference(versions.get("v5")));
  }

  private double updates(String outcome) {
    Counter counter =
        meters.find("postrain.inference.model.updates").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private static String state(JsonNode version) {
    return version.get("status").asText()
        + " loaded="
        + version.get("loaded").asBoolean()
        + " latest="
        + version.get("latest").asBoolean();
  }

  private static String generate(String model) {
    String body =
        Fixtures.post(
                "/v1/generate",
                "{\"model\": \""
                    + model
                    + "\", \"user\": \"Hi\", \"max_new_tokens\": 6, \"temperature\": 0}")
            .statusCode(200)
            .extract()
            .asString();
    return HttpGenerateTest.readTree(body).get("candidates").get(0).get("text").asText();
  }

  /** What the checkpoint at a version's path generates, loaded here, greedily. */
  private static String reference(JsonNode version) {
    Path path = Path.of(version.get("path").asText());
    assertThat(path.endsWith(Path.of("mini", version.get("version").asText()))).isTrue();
    try (LanguageModel lm = LanguageModel.load(path)) {
      return lm.generate(
              List.of(List.of(ChatMessage.user("Hi"))),
              lm.generationConfig(6, 0, 0, 1, 0, 1),
              false)
          .get(0)
          .get(0)
          .text();
    }
  }
}
