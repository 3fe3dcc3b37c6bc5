package io.postrain.inference;

import static io.postrain.testing.DeadLetters.reason;
import static io.postrain.testing.DeadLetters.withValue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SamplingParams;
import io.postrain.events.Topics;
import io.postrain.inference.repository.PromptRecordEntity;
import io.postrain.inference.repository.PromptStatus;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.template.ChatMessage;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** prompts -> responses: batching, idempotent redelivery, dead letters, errors as responses. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class KafkaPromptsTest {

  static final SamplingParams GREEDY = new SamplingParams(6, 0, 1, 0, null, 1);

  @InjectKafkaCompanion KafkaCompanion kafka;

  @ConfigProperty(name = "postrain.inference.models-dir")
  Path modelsDir;

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  static PromptEvent prompt(String model, String user, String tag) {
    return PromptEvent.create(
        null, model, List.of(ChatMessage.user(user)), GREEDY, Map.of("tag", tag));
  }

  /** Waits for count responses to the given prompts. */
  List<ResponseEvent> awaitResponses(List<PromptEvent> prompts, int count) {
    List<ResponseEvent> out = new ArrayList<>();
    List<String> keys = prompts.stream().map(p -> "\"promptId\":\"" + p.id() + "\"").toList();
    for (ConsumerRecord<String, String> r :
        TopicRecords.awaitRecords(
            kafka, Topics.RESPONSES, v -> keys.stream().anyMatch(v::contains), count)) {
      out.add(Events.parse(r.value(), ResponseEvent.class));
    }
    return out;
  }

  static double maxBatchSize() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("postrain_inference_batch_size_max"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .max()
        .orElse(0);
  }

  @Test
  void waitingPromptsAreAnsweredInOneBatchLikeTheModelAnswersThem() {
    String tag = UUID.randomUUID().toString();
    List<String> users = List.of("Red?", "Which is the largest ocean?", "Hi", "Count to three.");
    List<PromptEvent> prompts = new ArrayList<>();
    for (String user : users) {
      prompts.add(prompt("tiny", user, tag));
    }
    kafka
        .produceStrings()
        .fromRecords(
            prompts.stream()
                .map(
                    p ->
                        new org.apache.kafka.clients.producer.ProducerRecord<String, String>(
                            Topics.PROMPTS, p.id(), Events.toJson(p)))
                .toList())
        .awaitCompletion(Fixtures.WAIT);
    List<ResponseEvent> responses = awaitResponses(prompts, 4);

    List<List<ChatMessage>> conversations =
        users.stream().map(u -> List.of(ChatMessage.user(u))).toList();
    List<List<Completion>> expected;
    try (LanguageModel lm = LanguageModel.load(modelsDir.resolve("tiny"))) {
      expected = lm.generate(conversations, lm.generationConfig(6, 0, 0, 1, 0, 1), false);
    }
    for (int i = 0; i < prompts.size(); i++) {
      String id = prompts.get(i).id();
      ResponseEvent r = responses.stream().filter(x -> x.promptId().equals(id)).findFirst().get();
      Completion e = expected.get(i).get(0);
      assertThat(r.error()).isNull();
      assertThat(r.modelVersion()).isEqualTo("base");
      assertThat(r.messages()).isEqualTo(prompts.get(i).messages());
      assertThat(r.metadata()).isEqualTo(Map.of("tag", tag));
      assertThat(r.candidates()).hasSize(1);
      assertThat(r.candidates().get(0).text()).isEqualTo(e.text());
      assertThat(r.candidates().get(0).finishReason()).isEqualTo(e.finishReason().jsonName());
      assertThat(r.candidates().get(0).promptTokens()).isEqualTo(e.promptTokens());
      assertThat(r.candidates().get(0).completionTokens()).isEqualTo(e.completionTokens());
    }
    assertThat(maxBatchSize()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aRedeliveredPromptIsAnsweredFromStoreNotGeneratedAgain() {
    String tag = UUID.randomUUID().toString();
    PromptEvent p = prompt("tiny", "Once only", tag);
    TopicRecords.produce(kafka, Topics.PROMPTS, Events.toJson(p));
    ResponseEvent first = awaitResponses(List.of(p), 1).get(0);
    TopicRecords.produce(kafka, Topics.PROMPTS, Events.toJson(p));
    List<ResponseEvent> both = awaitResponses(List.of(p), 2);
    // A second generation would carry a fresh response id; the stored answer keeps the first.
    assertThat(both).extracting(ResponseEvent::id).containsExactly(first.id(), first.id());
    PromptRecordEntity record =
        QuarkusTransaction.requiringNew().call(() -> PromptRecordEntity.findById(p.id()));
    assertThat(record.deliveries).isEqualTo(2);
    assertThat(record.status).isEqualTo(PromptStatus.ANSWERED);
    assertThat(record.responseId).isEqualTo(first.id());
    assertThat(record.completionTokens).isEqualTo(first.candidates().get(0).completionTokens());
  }

  @Test
  void theResponseAndItsStoredCopyCarryThePromptsMetadata() {
    String tag = UUID.randomUUID().toString();
    Map<String, String> metadata = Map.of("tag", tag, "source", "correction", "round", "3");
    PromptEvent p =
        PromptEvent.create(
            "campaign-" + tag, "tiny", List.of(ChatMessage.user("Carry this")), GREEDY, metadata);
    TopicRecords.produce(kafka, Topics.PROMPTS, Events.toJson(p));
    ResponseEvent first = awaitResponses(List.of(p), 1).get(0);
    assertThat(first.metadata()).isEqualTo(metadata);
    assertThat(first.campaignId()).isEqualTo("campaign-" + tag);
    TopicRecords.produce(kafka, Topics.PROMPTS, Events.toJson(p));
    ResponseEvent again = awaitResponses(List.of(p), 2).get(1);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.metadata()).isEqualTo(metadata);
  }

  @Test
  void aPromptDeliveredTwiceAtOnceGetsOneResponseId() {
    String tag = UUID.randomUUID().toString();
    PromptEvent p = prompt("tiny", "Twice at once", tag);
    String json = Events.toJson(p);
    // Both copies are taken by two workers together: both find the prompt unanswered.
    kafka
        .produceStrings()
        .fromRecords(
            List.of(
                new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.PROMPTS, json),
                new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.PROMPTS, json)))
        .awaitCompletion(Fixtures.WAIT);
    List<ResponseEvent> both = awaitResponses(List.of(p), 2);
    assertThat(both).extracting(ResponseEvent::id).containsOnly(both.get(0).id());
    PromptRecordEntity record =
        QuarkusTransaction.requiringNew().call(() -> PromptRecordEntity.findById(p.id()));
    assertThat(record.deliveries).isEqualTo(2);
    assertThat(record.responseId).isEqualTo(both.get(0).id());
    assertThat(TopicRecords.readAll(kafka, Topics.dlq(Topics.PROMPTS), v -> v.contains(tag)))
        .isEmpty();
  }

  @Test
  void malformedRecordsGoToTheDeadLetterTopicAndTheNextIsAnswered() {
    String tag = UUID.randomUUID().toString();
    String notJson = "{not json " + tag;
    PromptEvent good = prompt("tiny", "After the bad ones", tag);
    String noModel = Events.toJson(good).replace("\"model\":\"tiny\",", "");
    assertThat(noModel).doesNotContain("\"model\"");
    TopicRecords.produce(kafka, Topics.PROMPTS, notJson);
    TopicRecords.produce(kafka, Topics.PROMPTS, noModel);
    PromptEvent next = prompt("tiny", "Good", tag);
    TopicRecords.produce(kafka, Topics.PROMPTS, Events.toJson(next));

    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(kafka, Topics.dlq(Topics.PROMPTS), v -> v.contains(tag), 2);
    // Records without a key spread over partitions: the dead letters may arrive in any order.
    assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(notJson, noModel);
    assertThat(reason(withValue(dead, notJson))).startsWith("malformed JSON for PromptEvent");
    assertThat(reason(withValue(dead, noModel))).contains("model");
    assertThat(awaitResponses(List.of(next), 1).get(0).candidates()).hasSize(1);
  }

  @Test
  void anUnknownModelIsAnsweredWithAnError() {
    String tag = UUID.randomUUID().toString();
    PromptEvent p = prompt("nope", "Hello", tag);
    TopicRecords.produce(kafka, Topics.PROMPTS, Events.toJson(p));
    ResponseEvent r = awaitResponses(List.of(p), 1).get(0);
    assertThat(r.promptId()).isEqualTo(p.id());
    assertThat(r.candidates()).isEmpty();
    assertThat(r.error()).contains("unknown model 'nope'").contains("tiny").contains("mini");
    PromptRecordEntity record =
        QuarkusTransaction.requiringNew().call(() -> PromptRecordEntity.findById(p.id()));
    assertThat(record.status).isEqualTo(PromptStatus.FAILED);
    assertThat(record.error).isEqualTo(r.error());
  }
}
