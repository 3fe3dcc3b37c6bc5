package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.PromptEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.service.outbox.OutboxEntity;
import io.postrain.testing.InjectKafkaBroker;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerControl;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away and comes back loses nothing: what the service commits while the broker
 * is down waits in the outbox and is published once, in full, when it is back; the {@code
 * responses} consumer picks up again.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class BrokerOutageTest {

  /** How long the broker stays down; its records stay pending in the outbox all that time. */
  private static final Duration OUTAGE = Duration.ofSeconds(12);

  @InjectKafkaCompanion KafkaCompanion kafka;

  @InjectKafkaBroker KafkaBrokerControl broker;

  @Test
  void workDoneWhileTheBrokerIsDownIsPublishedOnceWhenItIsBack() {
    await().atMost(Fixtures.WAIT).until(() -> pending() == 0);
    broker.stop();
    String campaignId = createCampaign();
    String datasetId = importDataset();
    String jobId =
        given()
            .contentType(ContentType.JSON)
            .body("{\"method\": \"dpo\", \"baseModel\": \"qwen\", \"outputModel\": \"outage\"}")
            .post("/datasets/" + datasetId + "/train")
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    // 3 prompts, 2 imported rows re-published for training, 1 training job.
    await().atMost(OUTAGE.multipliedBy(2)).during(OUTAGE).until(() -> pending() == 6);
    broker.start();
    await().atMost(Fixtures.WAIT).until(() -> pending() == 0);

    List<String> promptIds = new ArrayList<>();
    given()
        .get("/campaigns/" + campaignId + "/prompts")
        .then()
        .statusCode(200)
        .extract()
        .as(JsonNode.class)
        .forEach(p -> promptIds.add(p.get("id").asText()));
    List<PromptEvent> prompts =
        values(TopicRecords.readAll(kafka, Topics.PROMPTS, v -> v.contains(campaignId))).stream()
            .map(v -> Events.parse(v, PromptEvent.class))
            .toList();
    assertThat(prompts).extracting(PromptEvent::id).containsExactlyInAnyOrderElementsOf(promptIds);
    assertThat(promptIds).hasSize(3);

    List<PreferencePairEvent> rows =
        values(TopicRecords.readAll(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(datasetId)))
            .stream()
            .map(v -> Events.parse(v, PreferencePairEvent.class))
            .toList();
    assertThat(rows).hasSize(2);
    assertThat(rows).extracting(PreferencePairEvent::id).doesNotHaveDuplicates();
    List<TrainingJobEvent> jobs =
        values(TopicRecords.readAll(kafka, Topics.TRAINING_JOBS, v -> v.contains(datasetId)))
            .stream()
            .map(v -> Events.parse(v, TrainingJobEvent.class))
            .toList();
    assertThat(jobs).extracting(TrainingJobEvent::id).containsExactly(jobId);

    // The responses consumer resumed: answers produced after the restart complete the campaign.
    for (PromptEvent prompt : prompts) {
      TopicRecords.produce(
          kafka,
          Topics.RESPONSES,
          Events.toJson(Fixtures.answer(prompt, "I am Qwen (" + Fixtures.userText(prompt) + ")")));
    }
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                "COMPLETED".equals(CampaignFlowTest.campaign(campaignId).path("status").asText()));
    JsonNode campaign = CampaignFlowTest.campaign(campaignId);
    assertThat(campaign.get("counters").get("pairsCreated").asLong()).isEqualTo(3);
    String curated = campaign.get("datasetId").asText();
    assertThat(
            TopicRecords.awaitRecords(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(curated), 3))
        .hasSize(3);
    given().get("/q/health/live").then().statusCode(200);
  }

  private static String createCampaign() {
    return given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "outage", "model": "qwen",
             "prompts": [{"user": "one"}, {"user": "two"}, {"user": "three"}],
             "strategy": {"type": "correction", "settings": {"from": "Qwen", "to": "Deep Qwen"}}}
            """)
        .post("/campaigns")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String importDataset() {
    return given()
        .contentType(Fixtures.NDJSON)
        .queryParam("name", "outage-import")
        .queryParam("kind", "preference")
        .body(
            Fixtures.ndjson(
                """
                {"prompt": "a?", "chosen": "Deep Qwen.", "rejected": "Qwen."}
                {"prompt": "b?", "chosen": "Deep Qwen!", "rejected": "Qwen!"}
                """))
        .post("/datasets/import")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static long pending() {
    return QuarkusTransaction.requiringNew().call(() -> OutboxEntity.count("publishedAt is null"));
  }

  private static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }
}
