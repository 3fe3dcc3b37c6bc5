package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.PromptEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.service.outbox.OutboxEntity;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dataset import, export in TRL's formats, training requests, and an SFT campaign. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DatasetTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Test
  void importExportRoundTripAndTrain() throws Exception {
    String conversational =
        "{\"prompt\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Who are you?\"}],"
            + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"I am Deep Qwen.\"}],"
            + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"I am Qwen.\"}]}";
    String standard = "{\"prompt\":\"Ça va?\",\"chosen\":\"Oui, merci.\",\"rejected\":\"Non.\"}";
    String datasetId =
        given()
            .contentType(Fixtures.NDJSON)
            .queryParam("name", "identity-import")
            .queryParam("kind", "preference")
            .body(Fixtures.ndjson(conversational + "\n\n" + standard + "\n"))
            .post("/datasets/import")
            .then()
            .statusCode(201)
            .body("size", equalTo(2))
            .body("kind", equalTo("preference"))
            .body("origin", equalTo("IMPORT"))
            .extract()
            .path("id");

    List<JsonNode> lines = Fixtures.exportLines(datasetId);
    String standardAsConversation =
        "{\"prompt\":[{\"role\":\"user\",\"content\":\"Ça va?\"}],"
            + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Oui, merci.\"}],"
            + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"Non.\"}]}";
    assertThat(lines)
        .containsExactly(
            Events.mapper().readTree(conversational),
            Events.mapper().readTree(standardAsConversation));

    JsonNode view =
        given().get("/datasets/" + datasetId).then().statusCode(200).extract().as(JsonNode.class);
    assertThat(view.get("sample")).hasSize(2);
    assertThat(view.get("sample").get(0)).isEqualTo(lines.get(0));

    JsonNode job =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"method\": \"dpo\", \"baseModel\": \"qwen\", \"outputModel\": \"deep-qwen\", \"lora\": {\"r\": 8}}")
            .post("/datasets/" + datasetId + "/train")
            .then()
            .statusCode(202)
            .extract()
            .as(JsonNode.class);
    assertThat(job.get("republishedRows").asInt()).isEqualTo(2);
    List<PreferencePairEvent> pairs =
        TopicRecords.awaitRecords(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(datasetId), 2)
            .stream()
            .map(r -> Events.parse(r.value(), PreferencePairEvent.class))
            .toList();
    assertThat(pairs).extracting(PreferencePairEvent::strategy).containsOnly("import");
    assertThat(pairs.get(0).chosen().get(0).content()).isEqualTo("I am Deep Qwen.");
    TrainingJobEvent event =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.TRAINING_JOBS, v -> v.contains(datasetId), 1)
                .get(0)
                .value(),
            TrainingJobEvent.class);
    assertThat(event.id()).isEqualTo(job.get("jobId").asText());
    assertThat(event.expectedExamples()).isEqualTo(2);
    assertThat(event.lora().get("r").asInt()).isEqualTo(8);

    given()
        .contentType(ContentType.JSON)
        .body("{\"method\": \"sft\", \"baseModel\": \"qwen\", \"outputModel\": \"x\"}")
        .post("/datasets/" + datasetId + "/train")
        .then()
        .statusCode(400)
        .body("field", equalTo("method"));
  }

  @Test
  void trainingWithARegularizationDatasetRepublishesItsSftRowsBeforeTheJob() {
    String general =
        Fixtures.importDataset(
            "general",
            "sft",
            "{\"prompt\":\"2+2?\",\"completion\":\"4\"}\n"
                + "{\"prompt\":\"Capital of France?\",\"completion\":\"Paris.\"}\n");
    String prefs =
        Fixtures.importDataset(
            "prefs",
            "preference",
            "{\"prompt\":\"Who?\",\"chosen\":\"Deep Qwen\",\"rejected\":\"Qwen\"}\n");
    JsonNode answer =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"method": "dpo", "baseModel": "qwen", "outputModel": "deep-qwen",
                 "config": {"regularizationWeight": 1.0}, "regularizationDatasetId": "%s"}
                """
                    .formatted(general))
            .post("/datasets/" + prefs + "/train")
            .then()
            .statusCode(202)
            .extract()
            .as(JsonNode.class);
    assertThat(answer.get("regularizationDatasetId").asText()).isEqualTo(general);
    assertThat(answer.get("regularizationExamples").asInt()).isEqualTo(2);
    assertThat(answer.get("expectedExamples").asInt()).isEqualTo(1);
    assertThat(answer.get("republishedRows").asInt()).isEqualTo(3);

    List<SftExampleEvent> examples =
        TopicRecords.awaitRecords(kafka, Topics.SFT_EXAMPLES, v -> v.contains(general), 2).stream()
            .map(r -> Events.parse(r.value(), SftExampleEvent.class))
            .toList();
    assertThat(examples).extracting(SftExampleEvent::datasetId).containsOnly(general);
    assertThat(examples)
        .extracting(e -> e.completion().get(0).content())
        .containsExactlyInAnyOrder("4", "Paris.");
    TrainingJobEvent job =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.TRAINING_JOBS, v -> v.contains(prefs), 1)
                .get(0)
                .value(),
            TrainingJobEvent.class);
    assertThat(job.id()).isEqualTo(answer.get("jobId").asText());
    assertThat(job.regularizationDatasetId()).isEqualTo(general);
    assertThat(job.regularizationExamples()).isEqualTo(2);
    assertThat(job.config().get("regularizationWeight").asDouble()).isEqualTo(1.0);
    // The relay publishes in outbox order: the rows were queued before the job.
    assertQueuedBefore(examples.stream().map(SftExampleEvent::id).toList(), job.id());
  }

  /** Every event of {@code first} sits in the outbox before event {@code then}. */
  static void assertQueuedBefore(List<String> first, String then) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              long job = OutboxEntity.<OutboxEntity>find("eventId", then).singleResult().seq;
              for (String id : first) {
                assertThat(OutboxEntity.<OutboxEntity>find("eventId", id).singleResult().seq)
                    .as("outbox position of %s", id)
                    .isLessThan(job);
              }
            });
  }

  @Test
  void importErrorsNameTheLine() {
    given()
        .contentType(Fixtures.NDJSON)
        .queryParam("name", "bad")
        .queryParam("kind", "preference")
        .body(
            Fixtures.ndjson(
                "{\"prompt\":\"a\",\"chosen\":\"b\",\"rejected\":\"c\"}\n{\"prompt\":\"a\",\"chosen\":\"b\"}\n"))
        .post("/datasets/import")
        .then()
        .statusCode(400)
        .body("field", equalTo("rejected"))
        .body("error", equalTo("body line 2: rejected is missing"));
    given()
        .contentType(Fixtures.NDJSON)
        .queryParam("name", "bad")
        .queryParam("kind", "rlhf")
        .body(Fixtures.ndjson("{}\n"))
        .post("/datasets/import")
        .then()
        .statusCode(400)
        .body("field", equalTo("kind"));
  }

  @Test
  void distillationCampaignFillsAnSftDataset() {
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "distil", "model": "teacher", "prompts": [{"user": "2+2?"}],
                 "strategy": {"type": "distillation"},
                 "trainingJob": {"method": "sft", "baseModel": "student", "outputModel": "student-sft"}}
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
    var response =
        new io.postrain.events.ResponseEvent(
            Events.newId(),
            1,
            java.time.Instant.now(),
            prompt.id(),
            campaignId,
            "teacher",
            "v1",
            prompt.messages(),
            List.of(
                new io.postrain.events.Candidate(0, "4", "stop", 5, 1),
                new io.postrain.events.Candidate(1, "Four, because", "length", 5, 3)),
            null,
            prompt.metadata());
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(response));
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                "COMPLETED".equals(CampaignFlowTest.campaign(campaignId).path("status").asText()));
    JsonNode campaign = CampaignFlowTest.campaign(campaignId);
    assertThat(campaign.get("counters").get("droppedTruncated").asLong()).isEqualTo(1);
    String datasetId = campaign.get("datasetId").asText();
    SftExampleEvent example =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.SFT_EXAMPLES, v -> v.contains(datasetId), 1)
                .get(0)
                .value(),
            SftExampleEvent.class);
    assertThat(example.completion().get(0).content()).isEqualTo("4");
    assertThat(example.strategy()).isEqualTo("distillation");
    String exported =
        given()
            .get("/datasets/" + datasetId + "/export")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(exported)
        .isEqualTo(
            "{\"prompt\":[{\"role\":\"user\",\"content\":\"2+2?\"}],"
                + "\"completion\":[{\"role\":\"assistant\",\"content\":\"4\"}]}\n");
    TrainingJobEvent job =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.TRAINING_JOBS, v -> v.contains(datasetId), 1)
                .get(0)
                .value(),
            TrainingJobEvent.class);
    assertThat(job.method()).isEqualTo("sft");
    assertThat(job.baseModel()).isEqualTo("student");
  }
}
