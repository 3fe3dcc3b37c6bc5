package io.postrain.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.events.Topics;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** model-updates: a new version becomes latest, a broken one is refused, old ones retire. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class ModelUpdatesTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  static ModelUpdateEvent update(String version, Path path) {
    return new ModelUpdateEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        TinyModelsResource.MINI,
        version,
        path.toString(),
        TinyModelsResource.MINI,
        null,
        Map.of("loss", 1.5));
  }

  static List<String> modelIds() {
    JsonNode list =
        HttpGenerateTest.readTree(given().get("/v1/models").then().extract().asString());
    List<String> ids = new ArrayList<>();
    list.get("data").forEach(e -> ids.add(e.get("id").asText() + "=" + e.get("version").asText()));
    return ids;
  }

  static String latestVersionOfMini() {
    return HttpGenerateTest.readTree(
            Fixtures.post(
                    "/v1/generate",
                    """
                    {"model": "mini", "user": "Hi", "max_new_tokens": 2, "temperature": 0}
                    """)
                .statusCode(200)
                .extract()
                .asString())
        .get("model_version")
        .asText();
  }

  @Test
  void newVersionsBecomeLatestBrokenOnesAreRefusedOldOnesRetire() throws IOException {
    assertThat(modelIds()).contains("mini:base=base", "mini:latest=base", "tiny:latest=base");
    Path store = store();
    Path v1 = TinyModelsResource.writeCheckpoint(store.resolve("mini/v1"), 21);
    TopicRecords.produce(kafka, Topics.MODEL_UPDATES, Events.toJson(update("v1", v1)));
    await().atMost(Fixtures.WAIT).until(() -> modelIds().contains("mini:latest=v1"));
    assertThat(modelIds()).contains("mini:base=base", "mini:v1=v1", "tiny:latest=base");
    assertThat(latestVersionOfMini()).isEqualTo("v1");

    Path broken = store.resolve("mini/v2");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"qwen3\"");
    TopicRecords.produce(kafka, Topics.MODEL_UPDATES, Events.toJson(update("v2", broken)));
    TopicRecords.produce(
        kafka, Topics.MODEL_UPDATES, Events.toJson(update("v3", store.resolve("mini/v3"))));
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                versions().stream().filter(v -> "FAILED".equals(v.get("status").asText())).count()
                    == 2);
    for (JsonNode v : versions()) {
      if (!v.get("status").asText().equals("READY")) {
        assertThat(v.get("loaded").asBoolean()).isFalse();
        assertThat(v.get("latest").asBoolean()).isFalse();
        assertThat(v.get("error").asText()).contains(v.get("path").asText());
      }
    }
    assertThat(latestVersionOfMini()).isEqualTo("v1");

    Path v4 = TinyModelsResource.writeCheckpoint(store.resolve("mini/v4"), 22);
    TopicRecords.produce(kafka, Topics.MODEL_UPDATES, Events.toJson(update("v4", v4)));
    await().atMost(Fixtures.WAIT).until(() -> modelIds().contains("mini:latest=v4"));
    // Two versions per model stay loaded: base is retired.
    assertThat(modelIds()).contains("mini:v1=v1", "mini:v4=v4").doesNotContain("mini:base=base");
    assertThat(modelIds()).contains("tiny:base=base");
    Fixtures.post(
            "/v1/generate",
            """
            {"model": "mini:base", "user": "Hi", "max_new_tokens": 2}
            """)
        .statusCode(400)
        .body("field", org.hamcrest.Matchers.equalTo("model"));
  }

  /** The service's model store. */
  static Path store() {
    return Path.of(ConfigProvider.getConfig().getValue("postrain.model-store", String.class));
  }

  static List<JsonNode> versions() {
    JsonNode list =
        HttpGenerateTest.readTree(
            given().get("/v1/models/mini/versions").then().statusCode(200).extract().asString());
    List<JsonNode> out = new ArrayList<>();
    list.forEach(out::add);
    return out;
  }
}
