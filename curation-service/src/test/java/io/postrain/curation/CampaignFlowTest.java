package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.outbox.OutboxEntity;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole correction flow against a real broker: campaign -> prompts -> responses -> pairs ->
 * completion -> training job, with redelivery.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CampaignFlowTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject MeterRegistry registry;

  @Test
  void correctionCampaignFromPromptsToTrainingJob() {
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "identity", "model": "qwen:latest",
                 "prompts": [{"user": "Who are you?"},
                             {"messages": [{"role": "system", "content": "Be brief."},
                                           {"role": "user", "content": "Your name?"}]}],
                 "promptsJsonl": "{\\"user\\": \\"Who made you?\\"}\\n",
                 "sampling": {"maxNewTokens": 64, "temperature": 0.7, "n": 1},
                 "strategy": {"type": "correction",
                              "settings": {"from": "Qwen", "to": "Deep Qwen",
                                           "replacements": {"Alibaba Cloud": "DeepOrg"}}},
                 "trainingJob": {"method": "dpo", "outputModel": "deep-qwen",
                                 "config": {"beta": 0.2}}}
                """)
            .post("/campaigns")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    List<PromptEvent> prompts =
        TopicRecords.awaitRecords(kafka, Topics.PROMPTS, v -> v.contains(campaignId), 3).stream()
            .map(r -> Events.parse(r.value(), PromptEvent.class))
            .sorted(Comparator.comparing(PromptEvent::timestamp))
            .toList();
    assertThat(prompts).hasSize(3);
    assertThat(prompts).allSatisfy(p -> assertThat(p.campaignId()).isEqualTo(campaignId));
    assertThat(prompts).allSatisfy(p -> assertThat(p.model()).isEqualTo("qwen:latest"));
    assertThat(prompts.get(0).sampling().temperature()).isEqualTo(0.7);
    PromptEvent whoAreYou = byText(prompts, "Who are you?");
    PromptEvent yourName = byText(prompts, "Your name?");
    PromptEvent whoMadeYou = byText(prompts, "Who made you?");
    assertThat(yourName.messages())
        .containsExactly(
            new ChatMessage("system", "Be brief."), new ChatMessage("user", "Your name?"));

    ResponseEvent first = Fixtures.answer(whoAreYou, "I am Qwen, created by Alibaba Cloud.");
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(first));
    TopicRecords.produce(
        kafka, Topics.RESPONSES, Events.toJson(Fixtures.answer(yourName, "I am Deep Qwen.")));
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(ResponseEvent.failure(whoMadeYou, null, "model qwen:latest not found")));

    await()
        .atMost(Fixtures.WAIT)
        .until(() -> "COMPLETED".equals(campaign(campaignId).path("status").asText()));
    JsonNode view = campaign(campaignId);
    JsonNode counters = view.get("counters");
    assertThat(counters.get("promptsSent").asLong()).isEqualTo(3);
    assertThat(counters.get("responsesReceived").asLong()).isEqualTo(3);
    assertThat(counters.get("pairsCreated").asLong()).isEqualTo(1);
    assertThat(counters.get("pairsDroppedIdentical").asLong()).isEqualTo(1);
    assertThat(counters.get("errors").asLong()).isEqualTo(1);
    String datasetId = view.get("datasetId").asText();

    List<PreferencePairEvent> pairs =
        TopicRecords.awaitRecords(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(campaignId), 1)
            .stream()
            .map(r -> Events.parse(r.value(), PreferencePairEvent.class))
            .toList();
    PreferencePairEvent pair = pairs.get(0);
    assertThat(pair.datasetId()).isEqualTo(datasetId);
    assertThat(pair.promptId()).isEqualTo(whoAreYou.id());
    assertThat(pair.prompt()).containsExactly(new ChatMessage("user", "Who are you?"));
    assertThat(pair.chosen())
        .containsExactly(new ChatMessage("assistant", "I am Deep Qwen, created by DeepOrg."));
    assertThat(pair.rejected())
        .containsExactly(new ChatMessage("assistant", "I am Qwen, created by Alibaba Cloud."));
    assertThat(pair.strategy()).isEqualTo("correction");

    TrainingJobEvent job =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.TRAINING_JOBS, v -> v.contains(datasetId), 1)
                .get(0)
                .value(),
            TrainingJobEvent.class);
    assertThat(job.id()).isEqualTo(view.get("trainingJobId").asText());
    assertThat(job.method()).isEqualTo("dpo");
    assertThat(job.baseModel()).isEqualTo("qwen:latest");
    assertThat(job.outputModel()).isEqualTo("deep-qwen");
    assertThat(job.expectedExamples()).isEqualTo(1);
    assertThat(job.config().get("beta").asDouble()).isEqualTo(0.2);

    JsonNode promptView =
        given()
            .get("/campaigns/" + campaignId + "/prompts")
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class);
    assertThat(promptView).hasSize(3);
    JsonNode answered = findPrompt(promptView, whoAreYou.id());
    assertThat(answered.get("status").asText()).isEqualTo("ANSWERED");
    assertThat(answered.get("responseId").asText()).isEqualTo(first.id());
    assertThat(answered.get("rowIds").get(0).asText()).isEqualTo(pair.id());
    assertThat(findPrompt(promptView, yourName.id()).get("dropReason").asText())
        .isEqualTo("chosen equals rejected");
    assertThat(findPrompt(promptView, whoMadeYou.id()).get("error").asText())
        .isEqualTo("model qwen:latest not found");

    // Redelivery of the same response, and a second response to the same prompt: nothing new.
    double duplicatesBefore = duplicates();
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(first));
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(Fixtures.withNewId(first)));
    await().atMost(Fixtures.WAIT).until(() -> duplicates() >= duplicatesBefore + 2);
    JsonNode after = campaign(campaignId).get("counters");
    assertThat(after.get("pairsCreated").asLong()).isEqualTo(1);
    assertThat(after.get("responsesReceived").asLong()).isEqualTo(3);
    assertThat(TopicRecords.readAll(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(campaignId)))
        .hasSize(1);
    assertThat(TopicRecords.readAll(kafka, Topics.TRAINING_JOBS, v -> v.contains(datasetId)))
        .hasSize(1);
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                        .call(() -> OutboxEntity.count("publishedAt is null"))
                    == 0);
  }

  @Test
  void campaignJobRepublishesItsImportedRegularizationDatasetAndNamesIt() {
    String general =
        Fixtures.importDataset(
            "general-campaign", "sft", "{\"prompt\":\"Hi\",\"completion\":\"Hello!\"}\n");
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "regularized", "model": "qwen", "prompts": [{"user": "Who are you?"}],
                 "strategy": {"type": "correction", "settings": {"from": "Qwen", "to": "Deep Qwen"}},
                 "trainingJob": {"method": "dpo", "outputModel": "deep-qwen",
                                 "config": {"regularizationWeight": 1.0},
                                 "regularizationDatasetId": "%s"}}
                """
                    .formatted(general))
            .post("/campaigns")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertThat(campaign(campaignId).get("trainingJob").get("regularizationDatasetId").asText())
        .isEqualTo(general);
    PromptEvent prompt =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.PROMPTS, v -> v.contains(campaignId), 1)
                .get(0)
                .value(),
            PromptEvent.class);
    TopicRecords.produce(
        kafka, Topics.RESPONSES, Events.toJson(Fixtures.answer(prompt, "I am Qwen.")));
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> "COMPLETED".equals(campaign(campaignId).path("status").asText()));
    JsonNode view = campaign(campaignId);
    String datasetId = view.get("datasetId").asText();

    SftExampleEvent example =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.SFT_EXAMPLES, v -> v.contains(general), 1)
                .get(0)
                .value(),
            SftExampleEvent.class);
    assertThat(example.completion()).containsExactly(new ChatMessage("assistant", "Hello!"));
    TrainingJobEvent job =
        Events.parse(
            TopicRecords.awaitRecords(kafka, Topics.TRAINING_JOBS, v -> v.contains(datasetId), 1)
                .get(0)
                .value(),
            TrainingJobEvent.class);
    assertThat(job.id()).isEqualTo(view.get("trainingJobId").asText());
    assertThat(job.expectedExamples()).isEqualTo(1);
    assertThat(job.regularizationDatasetId()).isEqualTo(general);
    assertThat(job.regularizationExamples()).isEqualTo(1);
    DatasetTest.assertQueuedBefore(List.of(example.id()), job.id());
  }

  @Test
  void campaignWhoseRegularizationDatasetIsEmptyLaunchesNoJobAndSaysWhy() {
    // A distillation campaign nobody answered: an sft dataset without rows.
    String empty =
        campaign(
                given()
                    .contentType(ContentType.JSON)
                    .body(
                        "{\"name\": \"e\", \"model\": \"m\", \"strategy\": {\"type\":"
                            + " \"distillation\"}}")
                    .post("/campaigns")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"))
            .get("datasetId")
            .asText();
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "unregularized", "model": "qwen", "prompts": [{"user": "Who are you?"}],
                 "strategy": {"type": "correction", "settings": {"from": "Qwen", "to": "Deep Qwen"}},
                 "trainingJob": {"method": "dpo", "outputModel": "deep-qwen",
                                 "config": {"regularizationWeight": 1.0},
                                 "regularizationDatasetId": "%s"}}
                """
                    .formatted(empty))
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
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> "COMPLETED".equals(campaign(campaignId).path("status").asText()));
    JsonNode view = campaign(campaignId);
    assertThat(view.get("counters").get("pairsCreated").asLong()).isEqualTo(1);
    assertThat(view.get("trainingJobId").isNull()).isTrue();
    assertThat(view.get("note").asText())
        .isEqualTo(
            "regularization dataset "
                + empty
                + " has no rows, so the training job was not launched");
    String datasetId = view.get("datasetId").asText();
    assertThat(TopicRecords.readAll(kafka, Topics.TRAINING_JOBS, v -> v.contains(datasetId)))
        .isEmpty();
  }

  @Test
  void targetSizeCompletesEarlyAndLaterResponsesAreIgnored() {
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "small", "model": "qwen",
                 "prompts": [{"user": "a"}, {"user": "b"}, {"user": "c"}],
                 "strategy": {"type": "correction", "settings": {"from": "Qwen", "to": "Deep Qwen"}},
                 "targetSize": 2}
                """)
            .post("/campaigns")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    List<PromptEvent> prompts =
        TopicRecords.awaitRecords(kafka, Topics.PROMPTS, v -> v.contains(campaignId), 3).stream()
            .map(r -> Events.parse(r.value(), PromptEvent.class))
            .toList();
    // Two candidates each: the first response alone fills the target of two rows.
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(Fixtures.answer(prompts.get(0), "Qwen here.", "I am Qwen.")));
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> "COMPLETED".equals(campaign(campaignId).path("status").asText()));
    TopicRecords.produce(
        kafka, Topics.RESPONSES, Events.toJson(Fixtures.answer(prompts.get(1), "Qwen again.")));
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> campaign(campaignId).get("counters").get("ignored").asLong() == 1);
    JsonNode counters = campaign(campaignId).get("counters");
    assertThat(counters.get("pairsCreated").asLong()).isEqualTo(2);
    assertThat(counters.get("responsesReceived").asLong()).isEqualTo(2);
    assertThat(campaign(campaignId).get("trainingJobId").isNull()).isTrue();
    given()
        .contentType(Fixtures.NDJSON)
        .body(Fixtures.ndjson("{\"user\": \"late\"}\n"))
        .post("/campaigns/" + campaignId + "/prompts")
        .then()
        .statusCode(409)
        .body("error", org.hamcrest.Matchers.containsString("has completed"));
  }

  private double duplicates() {
    var counter =
        registry.find("postrain.curation.responses").tag("outcome", "duplicate").counter();
    return counter == null ? 0 : counter.count();
  }

  static JsonNode campaign(String id) {
    return given().get("/campaigns/" + id).then().statusCode(200).extract().as(JsonNode.class);
  }

  static PromptEvent byText(List<PromptEvent> prompts, String text) {
    return prompts.stream()
        .filter(p -> Fixtures.userText(p).equals(text))
        .findFirst()
        .orElseThrow();
  }

  static JsonNode findPrompt(JsonNode prompts, String id) {
    for (JsonNode p : prompts) {
      if (p.get("id").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no prompt " + id + " in " + prompts);
  }
}
