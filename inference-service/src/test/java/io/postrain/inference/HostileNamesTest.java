package io.postrain.inference;

import static io.postrain.testing.DeadLetters.reason;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.postrain.events.Events;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.events.PromptEvent;
import io.postrain.events.Topics;
import io.postrain.lm.template.ChatMessage;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model names are checked by the shared rule on every endpoint (400 naming the field), and an
 * announced version is loaded only from the store's {@code <modelName>/<version>} directory: a path
 * outside the store, or one that leaves it through a symbolic link, is a dead letter with the
 * reason, and the model is never listed or served.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class HostileNamesTest {

  /** As JSON string contents: traversal, absolute, encoded, NUL, separators, over-long. */
  static final List<String> HOSTILE =
      List.of(
          "../../../../x",
          "/etc",
          "%2e%2e%2f",
          "a\\u0000b",
          "a/b",
          "a\\\\b",
          "tiny:v1:v2",
          "tiny:../base",
          "x".repeat(129));

  @InjectKafkaCompanion KafkaCompanion kafka;

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  @Test
  void everyEndpointChecksTheModelName() {
    for (String bad : HOSTILE) {
      refused("/v1/generate", "{\"model\": \"" + bad + "\", \"user\": \"Hi\"}");
      refusedOpenAi(
          "/v1/chat/completions",
          "{\"model\": \""
              + bad
              + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
      refused("/v1/eval", "{\"model\": \"" + bad + "\", \"limit\": 1}");
    }
    for (String name : List.of("a%00b", "a%5Cb", ".x", "a%3Ab", "x".repeat(129))) {
      given()
          .urlEncodingEnabled(false)
          .get("/v1/models/" + name + "/versions")
          .then()
          .statusCode(400)
          .body("error.param", equalTo("name"));
      if (name.contains("%3A")) {
        continue; // "a:b" is a well-formed reference (model a, version b): 404 model_not_found
      }
      given()
          .urlEncodingEnabled(false)
          .get("/v1/models/" + name)
          .then()
          .statusCode(400)
          .body("error.param", equalTo("model"));
    }
  }

  @Test
  void anAnnouncedVersionOutsideTheStoreIsADeadLetterAndNeverServed() throws IOException {
    Path store = ModelUpdatesTest.store();
    Path outside = Files.createTempDirectory("postrain-outside");
    Path checkpoint = TinyModelsResource.writeCheckpoint(outside.resolve("mini/v7"), 41);
    Files.createDirectories(store.resolve("mini"));
    Files.createSymbolicLink(store.resolve("mini/v8"), checkpoint);
    Path inStore = TinyModelsResource.writeCheckpoint(store.resolve("tiny/v9"), 42);
    String marker = Events.newId();
    List<String> records =
        List.of(
            announce(marker + "-a", "v7", checkpoint),
            announce(marker + "-b", "v7", store.resolve("mini/../../" + outside.getFileName())),
            announce(marker + "-c", "v8", store.resolve("mini/v8")),
            announce(marker + "-d", "v9", inStore),
            announce(marker + "-e", "v7", store.resolve("mini/v7"))
                .replace("\"modelName\":\"mini\"", "\"modelName\":\"../mini\""));
    records.forEach(r -> TopicRecords.produce(kafka, Topics.MODEL_UPDATES, r));
    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(
            kafka, Topics.dlq(Topics.MODEL_UPDATES), v -> v.contains(marker), records.size());
    for (String suffix : List.of("-a", "-b", "-c", "-d")) {
      assertThat(reason(withId(dead, marker + suffix)))
          .as(suffix)
          .contains("path ")
          .contains("is refused")
          .contains("accepted is the model store's <modelName>/<version> directory");
    }
    assertThat(reason(withId(dead, marker + "-c"))).contains("it leads to " + checkpoint);
    assertThat(reason(withId(dead, marker + "-e")))
        .contains("modelName '../mini' is not an accepted name");
    assertThat(ModelUpdatesTest.modelIds())
        .noneMatch(id -> id.endsWith("=v7") || id.endsWith("=v8") || id.endsWith("=v9"));
    given().get("/v1/models/mini").then().statusCode(200).body(containsString("\"base\""));
    assertThat(given().get("/v1/models/mini").asString()).doesNotContain("v7", "v8", "v9");
  }

  @Test
  void aPromptForAHostileModelIsADeadLetter() {
    PromptEvent prompt =
        PromptEvent.create(null, "tiny", List.of(ChatMessage.user("Hi")), null, Map.of());
    String marker = Events.newId();
    String bad =
        Events.toJson(prompt)
            .replace(prompt.id(), marker)
            .replace("\"model\":\"tiny\"", "\"model\":\"../../tiny\"");
    TopicRecords.produce(kafka, Topics.PROMPTS, bad);
    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(kafka, Topics.dlq(Topics.PROMPTS), v -> v.contains(marker), 1);
    assertThat(reason(dead.get(0)))
        .contains("model '../../tiny' is not an accepted model reference");
  }

  private static String announce(String id, String version, Path path) {
    return Events.toJson(
        new ModelUpdateEvent(
            id,
            Events.SCHEMA_VERSION,
            Instant.now(),
            TinyModelsResource.MINI,
            version,
            path.toString(),
            null,
            null,
            Map.of()));
  }

  private static ConsumerRecord<String, String> withId(
      List<ConsumerRecord<String, String>> records, String id) {
    return records.stream()
        .filter(r -> r.value().contains("\"id\":\"" + id + "\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dead letter for " + id));
  }

  private static void refused(String path, String body) {
    Fixtures.post(path, body)
        .statusCode(400)
        .body("field", equalTo("model"))
        .body("error", containsString("expected name, name:version or name:latest"));
  }

  /** The OpenAI endpoints answer in OpenAI's error shape. */
  private static void refusedOpenAi(String path, String body) {
    Fixtures.post(path, body)
        .statusCode(400)
        .body("error.param", equalTo("model"))
        .body("error.type", equalTo("invalid_request_error"))
        .body("error.message", containsString("expected name, name:version or name:latest"));
  }
}
