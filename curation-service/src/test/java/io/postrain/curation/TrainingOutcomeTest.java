package io.postrain.curation;

import static io.postrain.testing.DeadLetters.reason;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingOutcomeEvent;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The trainer's outcome of a job curation requested (topic {@code training-outcomes}) shows on the
 * campaign and on the dataset; redeliveries change nothing; unreadable records are dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TrainingOutcomeTest {

  private static final String REASON =
      "unknown base model 'qwen': accepted is a directory name under the base models";

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Test
  void aFailedJobShowsFailedWithItsReasonOnTheCampaignAndTheDataset() {
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "outcome", "model": "qwen", "prompts": [{"user": "Who are you?"}],
                 "strategy": {"type": "correction", "settings": {"from": "Qwen", "to": "Deep Qwen"}},
                 "trainingJob": {"method": "dpo", "outputModel": "deep-qwen"}}
                """)
            .post("/campaigns")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    PromptEvent prompt =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.PROMPTS, v -> v.contains(campaignId), 1)
                .get(0)
                .value(),
            PromptEvent.class);
    TopicRecords.produce(
        kafka, Topics.RESPONSES, Events.toJson(Fixtures.answer(prompt, "I am Qwen.")));
    await().atMost(Fixtures.WAIT).until(() -> campaign(campaignId).hasNonNull("trainingJobId"));
    JsonNode campaign = campaign(campaignId);
    String jobId = campaign.get("trainingJobId").asText();
    String datasetId = campaign.get("datasetId").asText();
    assertThat(campaign.get("trainingJobStatus").get("state").asText()).isEqualTo("REQUESTED");
    assertThat(campaign.get("trainingJobStatus").get("jobId").asText()).isEqualTo(jobId);

    TopicRecords.produce(kafka, Topics.TRAINING_OUTCOMES, "{not json");
    TopicRecords.produce(kafka, Topics.TRAINING_OUTCOMES, Events.toJson(failed(jobId, datasetId)));
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                "FAILED"
                    .equals(campaign(campaignId).path("trainingJobStatus").path("state").asText()));
    JsonNode status = campaign(campaignId).get("trainingJobStatus");
    assertThat(status.get("error").asText()).isEqualTo(REASON);
    assertThat(status.get("finishedAt").asText()).isNotBlank();

    JsonNode jobs = dataset(datasetId).get("trainingJobs");
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).get("jobId").asText()).isEqualTo(jobId);
    assertThat(jobs.get(0).get("state").asText()).isEqualTo("FAILED");
    assertThat(jobs.get(0).get("error").asText()).isEqualTo(REASON);
    assertThat(jobs.get(0).get("method").asText()).isEqualTo("dpo");

    assertThat(
            reason(
                TopicRecords.awaitRecords(
                        kafka, Topics.dlq(Topics.TRAINING_OUTCOMES), v -> v.equals("{not json"), 1)
                    .get(0)))
        .startsWith("malformed JSON for TrainingOutcomeEvent");

    // A later, contradicting outcome of the same job (a confused redelivery) and an outcome of a
    // job curation never requested change nothing. The topic has one partition, consumed in
    // order: once a malformed marker behind them is dead-lettered, they have been consumed.
    TrainingOutcomeEvent late =
        new TrainingOutcomeEvent(
            Events.newId(),
            Events.SCHEMA_VERSION,
            Instant.now(),
            jobId,
            datasetId,
            "SUCCEEDED",
            null,
            "deep-qwen",
            "v9");
    TopicRecords.produce(kafka, Topics.TRAINING_OUTCOMES, Events.toJson(late));
    TopicRecords.produce(
        kafka,
        Topics.TRAINING_OUTCOMES,
        Events.toJson(failed(UUID.randomUUID().toString(), datasetId)));
    String marker = "{marker " + UUID.randomUUID();
    TopicRecords.produce(kafka, Topics.TRAINING_OUTCOMES, marker);
    TopicRecords.awaitRecords(
        kafka, Topics.dlq(Topics.TRAINING_OUTCOMES), v -> v.equals(marker), 1);
    assertThat(campaign(campaignId).get("trainingJobStatus").get("state").asText())
        .isEqualTo("FAILED");
    assertThat(dataset(datasetId).get("trainingJobs")).hasSize(1);
    assertThat(dataset(datasetId).get("trainingJobs").get(0).get("error").asText())
        .isEqualTo(REASON);
  }

  private static TrainingOutcomeEvent failed(String jobId, String datasetId) {
    return new TrainingOutcomeEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        jobId,
        datasetId,
        "FAILED",
        REASON,
        null,
        null);
  }

  private static JsonNode campaign(String id) {
    return CampaignFlowTest.campaign(id);
  }

  private static JsonNode dataset(String id) {
    return given().get("/datasets/" + id).then().statusCode(200).extract().as(JsonNode.class);
  }
}
