package io.postrain.trainer;

import static io.postrain.testing.DeadLetters.reason;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.postrain.events.Events;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.postrain.trainer.service.ModelStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Names that would make a path leave the store are refused at every entry point (HTTP 400, a dead
 * letter on Kafka) and again by the store right before it writes or deletes; a sentinel file beside
 * the store survives every attempt.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
class HostileNamesTest {

  /** As JSON string contents: traversal, absolute, encoded, NUL, separators, over-long. */
  static final List<String> HOSTILE =
      List.of(
          "../../probe/victim",
          "../../../../probe/victim",
          "/etc",
          "%2e%2e%2f%2e%2e%2fprobe",
          "a\\u0000b",
          "a/b",
          "a\\\\b",
          ".jobs",
          "x".repeat(129));

  private static final String VALID =
      """
      {"datasetId": "d1", "method": "dpo", "baseModel": "tiny", "outputModel": "out",
       "expectedExamples": 3}
      """;

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject ModelStore models;

  private Path victim;
  private Path sentinel;

  /** {@code <root>/probe/victim/sentinel}, beside {@code <root>/store}. */
  @BeforeEach
  void sentinel() throws IOException {
    victim = Files.createDirectories(models.root().resolve("../probe/victim").normalize());
    sentinel = victim.resolve("sentinel");
    Files.writeString(sentinel, "keep me");
  }

  @Test
  void everyNameOfAJobIsCheckedOverHttp() {
    for (String bad : HOSTILE) {
      refused(VALID.replace("{", "{\"id\": \"" + bad + "\", "), "id");
      refused(VALID.replace("\"d1\"", "\"" + bad + "\""), "datasetId");
      refused(VALID.replace("\"out\"", "\"" + bad + "\""), "outputModel");
      refused(VALID.replace("\"tiny\"", "\"" + bad + "\""), "baseModel");
      refused(VALID.replace("\"tiny\"", "\"tiny:" + bad + "\""), "baseModel");
      refused(
          VALID.replace(
              "\"expectedExamples\": 3",
              "\"expectedExamples\": 3, \"config\": {\"regularizationWeight\": 1.0},"
                  + " \"regularizationDatasetId\": \""
                  + bad
                  + "\", \"regularizationExamples\": 1"),
          "regularizationDatasetId");
      refused(
          VALID.replace(
              "\"expectedExamples\": 3",
              "\"expectedExamples\": 3, \"config\": {\"refModelPath\": \"" + bad + "\"}"),
          "config.refModelPath");
    }
    assertThat(sentinel).hasContent("keep me");
  }

  @Test
  void theReferenceModelIsAModelOfTheStoreNeverADirectory() {
    post(VALID.replace(
            "\"expectedExamples\": 3",
            "\"expectedExamples\": 3, \"config\": {\"refModelPath\": \"" + victim + "\"}"))
        .statusCode(400)
        .body("field", equalTo("config.refModelPath"))
        .body("error", containsString("is not an accepted model reference"));
    post(VALID.replace(
            "\"expectedExamples\": 3",
            "\"expectedExamples\": 3, \"config\": {\"refModelPath\": \"nowhere:v1\"}"))
        .statusCode(400)
        .body("field", equalTo("config.refModelPath"))
        .body("error", containsString("unknown reference model 'nowhere:v1'"));
    String id =
        post(VALID
                .replace("\"d1\"", "\"never-" + Events.newId() + "\"")
                .replace(
                    "\"expectedExamples\": 3",
                    "\"expectedExamples\": 3, \"config\": {\"refModelPath\": \"tiny\"}"))
            .statusCode(201)
            .extract()
            .path("id");
    given().post("/jobs/" + id + "/cancel").then().statusCode(200);
  }

  @Test
  void aJobWhoseIdOrOutputWouldReachTheSentinelIsRefusedAndNothingIsDeleted() throws Exception {
    // The reported attack: the work dir <store>/.jobs/<id> would be the victim, deleted on success.
    refused(VALID.replace("{", "{\"id\": \"../../probe/victim\", "), "id");
    refused(VALID.replace("\"out\"", "\"../probe/victim\""), "outputModel");

    // The same through Kafka: dead letters naming the field, no job.
    String marker = Events.newId();
    TrainingJobEvent job = Fixtures.job("d-" + marker, "sft", "tiny", "out", 2, "{}");
    String badId = Events.toJson(job).replace(job.id(), "../../probe/victim");
    String badOutput =
        Events.toJson(job)
            .replace(job.id(), marker)
            .replace("\"outputModel\":\"out\"", "\"outputModel\":\"../probe/victim\"");
    String absoluteOutput =
        Events.toJson(job)
            .replace(job.id(), marker + "-abs")
            .replace("\"outputModel\":\"out\"", "\"outputModel\":\"" + victim + "\"");
    String refPath =
        Events.toJson(job)
            .replace(job.id(), marker + "-ref")
            .replace("\"config\":{}", "\"config\":{\"refModelPath\":\"/etc\"}");
    for (String record : List.of(badId, badOutput, absoluteOutput, refPath)) {
      TopicRecords.produce(kafka, Topics.TRAINING_JOBS, record);
    }
    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(
            kafka,
            Topics.dlq(Topics.TRAINING_JOBS),
            v -> v.contains("d-" + marker) || v.contains(marker),
            4);
    assertThat(dead)
        .extracting(r -> reason(r))
        .anySatisfy(r -> assertThat(r).contains("id '../../probe/victim' is not an accepted name"))
        .anySatisfy(
            r -> assertThat(r).contains("outputModel '../probe/victim' is not an accepted name"))
        .anySatisfy(
            r -> assertThat(r).contains("outputModel '" + victim.toString().substring(0, 10)))
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("config.refModelPath '/etc' is not an accepted model reference"));
    given().get("/jobs/" + marker).then().statusCode(404);
    assertThat(sentinel).hasContent("keep me");
  }

  @Test
  void hostileDatasetIdsOfRowsAreDeadLettered() {
    String marker = Events.newId();
    SftExampleEvent row = Fixtures.sftExamples("ds-" + marker, 1).get(0);
    String bad = Events.toJson(row).replace("\"ds-" + marker + "\"", "\"../ds-" + marker + "\"");
    TopicRecords.produce(kafka, Topics.SFT_EXAMPLES, bad);
    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(
            kafka, Topics.dlq(Topics.SFT_EXAMPLES), v -> v.contains(marker), 1);
    assertThat(reason(dead.get(0)))
        .contains("datasetId '../ds-")
        .contains("is not an accepted name");
  }

  @Test
  void theStoreRefusesToWriteOrDeleteThroughASymlinkThatLeadsOutside() throws IOException {
    Path store = models.root();
    Files.createDirectories(store.resolve(".jobs"));
    Path escape = store.resolve("escape-" + Events.newId());
    Files.createSymbolicLink(escape, victim.getParent());
    Path jobLink = store.resolve(".jobs").resolve("linked-" + Events.newId());
    Files.createSymbolicLink(jobLink, victim);

    assertThatThrownBy(() -> models.deleteTree(escape.resolve("victim")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is outside");
    assertThatThrownBy(() -> models.deleteTree(jobLink)).hasMessageContaining("is outside");
    assertThatThrownBy(() -> models.deleteTree(store.resolve("../probe")))
        .hasMessageContaining("is outside");
    assertThatThrownBy(() -> models.workDir(jobLink.getFileName().toString()))
        .hasMessageContaining("is outside");
    assertThatThrownBy(() -> models.workDir("../../probe/victim"))
        .hasMessageContaining("jobId '../../probe/victim' is not an accepted name");
    Path work = Files.createDirectories(store.resolve(".jobs").resolve("w-" + Events.newId()));
    Files.writeString(work.resolve("config.json"), "{}");
    assertThatThrownBy(() -> models.publish(work, escape.getFileName().toString()))
        .hasMessageContaining("is outside");
    assertThatThrownBy(() -> models.publish(work, "../probe"))
        .hasMessageContaining("is not accepted");
    // A base model reached through the link is refused too.
    post(VALID.replace("\"tiny\"", "\"" + escape.getFileName() + ":victim\""))
        .statusCode(400)
        .body("field", equalTo("baseModel"))
        .body("error", containsString("is outside"));
    assertThat(sentinel).hasContent("keep me");
    try (var files = Files.list(victim)) {
      assertThat(files.toList()).containsExactly(sentinel);
    }
  }

  private static void refused(String body, String field) {
    post(body)
        .statusCode(400)
        .body("field", equalTo(field))
        .body("error", containsString("expected "));
  }

  private static ValidatableResponse post(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/jobs").then();
  }
}
