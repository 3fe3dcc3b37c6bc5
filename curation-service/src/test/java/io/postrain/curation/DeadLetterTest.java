package io.postrain.curation;

import static io.postrain.testing.DeadLetters.reason;
import static io.postrain.testing.DeadLetters.withValue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.Topics;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Records that cannot be read go to responses.dlq with the reason and block nothing. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DeadLetterTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Test
  void malformedRecordsGoToTheDeadLetterTopicAndTheNextRecordIsCurated() {
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "dlq", "model": "qwen", "prompts": [{"user": "Who are you?"}],
                 "strategy": {"type": "correction", "settings": {"from": "Qwen", "to": "Deep Qwen"}}}
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

    String marker = UUID.randomUUID().toString();
    String notJson = "{not json " + marker;
    String noPromptId =
        Events.toJson(Fixtures.answer(prompt, "I am Qwen."))
            .replace("\"promptId\":\"" + prompt.id() + "\",", "\"note\":\"" + marker + "\",");
    assertThat(noPromptId).doesNotContain("promptId").contains(marker);
    TopicRecords.produce(kafka, Topics.RESPONSES, notJson);
    TopicRecords.produce(kafka, Topics.RESPONSES, noPromptId);
    TopicRecords.produce(
        kafka, Topics.RESPONSES, Events.toJson(Fixtures.answer(prompt, "I am Qwen.")));

    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(kafka, Topics.dlq(Topics.RESPONSES), v -> v.contains(marker), 2);
    // Each record has its own key, so its own partition: dead letters may arrive in any order.
    assertThat(dead)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder(notJson, noPromptId);
    assertThat(reason(withValue(dead, notJson))).startsWith("malformed JSON for ResponseEvent");
    assertThat(reason(withValue(dead, noPromptId))).contains("promptId is missing or blank");

    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                "COMPLETED".equals(CampaignFlowTest.campaign(campaignId).path("status").asText()));
    assertThat(CampaignFlowTest.campaign(campaignId).get("counters").get("pairsCreated").asLong())
        .isEqualTo(1);
  }
}
