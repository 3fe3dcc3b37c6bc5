package io.postrain.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SamplingParams;
import io.postrain.events.Topics;
import io.postrain.inference.repository.PromptRecordEntity;
import io.postrain.lm.template.ChatMessage;
import io.postrain.testing.InjectKafkaBroker;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerControl;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away and comes back: prompts being answered when it goes are answered, their
 * responses re-sent until the broker is back, and the {@code prompts} consumer picks up again.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class BrokerOutageTest {

  /**
   * How long the broker stays down: longer than the producer holds a response under %test (4 s), so
   * responses generated meanwhile go through PromptConsumer's re-sending.
   */
  private static final Duration OUTAGE = Duration.ofSeconds(12);

  /** Long answers (48 x 200 tokens), so that prompts are still generated when the broker goes. */
  private static final SamplingParams LONG = new SamplingParams(200, 0, 1, 0, null, 1);

  private static final int PROMPTS = 48;

  @InjectKafkaCompanion KafkaCompanion kafka;

  @InjectKafkaBroker KafkaBrokerControl broker;

  @Inject MeterRegistry meters;

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  @Test
  void promptsInFlightAreAnsweredAndTheConsumerResumesAfterAnOutage() {
    String tag = UUID.randomUUID().toString();
    List<PromptEvent> before = new ArrayList<>();
    for (int i = 0; i < PROMPTS; i++) {
      before.add(prompt("Tell me a story, part " + i, tag, LONG));
    }
    send(before);
    // The first responses are out; the others are still being generated when the broker goes.
    TopicRecords.awaitRecords(kafka, Topics.RESPONSES, v -> answers(v, before), 1);
    double retriesBefore = retries();
    Instant stopped = Instant.now();
    broker.stop();
    await()
        .pollDelay(OUTAGE)
        .atMost(OUTAGE.plus(Fixtures.WAIT))
        .until(() -> retries() > retriesBefore);
    assertThat(answeredAfter(before, stopped))
        .as("prompts answered while the broker was down")
        .isPositive();
    broker.start();

    // The consumer resumes: a prompt sent after the restart is answered.
    PromptEvent after = prompt("And now?", tag, new SamplingParams(4, 0, 1, 0, null, 1));
    send(List.of(after));
    List<PromptEvent> all = new ArrayList<>(before);
    all.add(after);
    List<ResponseEvent> responses = awaitAnswers(all);

    // Every prompt is answered by the response stored for it. A prompt may be answered twice
    // (redelivered after the restart, or its response sent again after a lost acknowledgement),
    // but always by that same response, same id.
    Map<String, String> stored = storedResponseIds(all);
    assertThat(responses.stream().map(ResponseEvent::promptId).collect(Collectors.toSet()))
        .isEqualTo(stored.keySet());
    assertThat(responses)
        .allSatisfy(r -> assertThat(r.id()).isEqualTo(stored.get(r.promptId())))
        .allSatisfy(r -> assertThat(r.error()).isNull());
    assertThat(TopicRecords.readAll(kafka, Topics.dlq(Topics.PROMPTS), v -> v.contains(tag)))
        .as("prompts dead-lettered")
        .isEmpty();
    // ... and the consumer group's committed offset reaches the end of the topic again.
    TopicPartition prompts = KafkaCompanion.tp(Topics.PROMPTS, 0);
    long end = kafka.offsets().get(prompts, OffsetSpec.latest()).offset();
    await().atMost(Fixtures.WAIT).until(() -> committed(prompts) == end);
    given().get("/q/health/live").then().statusCode(200);
  }

  /** Waits until every prompt has a response; returns all responses to them (maybe repeated). */
  private List<ResponseEvent> awaitAnswers(List<PromptEvent> prompts) {
    Set<String> ids = prompts.stream().map(PromptEvent::id).collect(Collectors.toSet());
    try (ConsumerTask<String, String> task =
        kafka
            .consumeStrings()
            .withGroupId(UUID.randomUUID().toString())
            .withOffsetReset(OffsetResetStrategy.EARLIEST)
            .fromTopics(Topics.RESPONSES)) {
      Supplier<List<ResponseEvent>> answers =
          () ->
              task.getRecords().stream()
                  .filter(r -> answers(r.value(), prompts))
                  .map(r -> Events.parse(r.value(), ResponseEvent.class))
                  .toList();
      await()
          .atMost(Fixtures.WAIT)
          .until(
              () ->
                  answers.get().stream()
                      .map(ResponseEvent::promptId)
                      .collect(Collectors.toSet())
                      .containsAll(ids));
      return answers.get();
    }
  }

  private long committed(TopicPartition partition) {
    OffsetAndMetadata offset = kafka.consumerGroups().offsets("inference-service", partition);
    return offset == null ? -1 : offset.offset();
  }

  private double retries() {
    Counter counter = meters.find("postrain.inference.responses.retries").counter();
    return counter == null ? 0 : counter.count();
  }

  private static boolean answers(String response, List<PromptEvent> prompts) {
    return prompts.stream().anyMatch(p -> response.contains("\"promptId\":\"" + p.id() + "\""));
  }

  private static long answeredAfter(List<PromptEvent> prompts, Instant when) {
    Set<String> ids = prompts.stream().map(PromptEvent::id).collect(Collectors.toSet());
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                PromptRecordEntity.<PromptRecordEntity>list("answeredAt > ?1", when).stream()
                    .filter(r -> ids.contains(r.id))
                    .count());
  }

  private static Map<String, String> storedResponseIds(List<PromptEvent> prompts) {
    Set<String> ids = prompts.stream().map(PromptEvent::id).collect(Collectors.toSet());
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                PromptRecordEntity.<PromptRecordEntity>listAll().stream()
                    .filter(r -> ids.contains(r.id))
                    .collect(Collectors.toMap(r -> r.id, r -> r.responseId)));
  }

  private static PromptEvent prompt(String user, String tag, SamplingParams sampling) {
    return PromptEvent.create(
        null,
        TinyModelsResource.TINY,
        List.of(ChatMessage.user(user)),
        sampling,
        Map.of("tag", tag));
  }

  private void send(List<PromptEvent> prompts) {
    kafka
        .produceStrings()
        .fromRecords(
            prompts.stream()
                .map(p -> new ProducerRecord<>(Topics.PROMPTS, p.id(), Events.toJson(p)))
                .toList())
        .awaitCompletion(Fixtures.WAIT);
  }
}
