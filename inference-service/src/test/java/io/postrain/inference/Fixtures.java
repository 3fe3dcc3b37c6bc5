package io.postrain.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Shared helpers of the inference-service tests. */
final class Fixtures {

  static final Duration WAIT = Duration.ofSeconds(60);

  private Fixtures() {}

  /** Waits until the service is ready (a model is loaded). */
  static void awaitReady() {
    await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  /** POSTs a JSON body. */
  static ValidatableResponse post(String path, String body) {
    return given().contentType(ContentType.JSON).body(body).post(path).then();
  }

  /** Sends one String record. */
  static void produce(KafkaCompanion kafka, String topic, String value) {
    kafka
        .produceStrings()
        .fromRecords(new ProducerRecord<>(topic, null, value))
        .awaitCompletion(WAIT);
  }

  /** The records of a one-partition topic whose value matches, once it is read to its end. */
  static List<ConsumerRecord<String, String>> readAll(
      KafkaCompanion kafka, String topic, Predicate<String> match) {
    long end = kafka.offsets().get(KafkaCompanion.tp(topic, 0), OffsetSpec.latest()).offset();
    try (ConsumerTask<String, String> task =
        kafka
            .consumeStrings()
            .withGroupId(UUID.randomUUID().toString())
            .withOffsetReset(OffsetResetStrategy.EARLIEST)
            .fromTopics(topic)) {
      await().atMost(WAIT).until(() -> task.count() >= end);
      return task.getRecords().stream().filter(r -> match.test(r.value())).toList();
    }
  }

  /** Waits for count records of a topic whose value matches; returns the matching ones. */
  static List<ConsumerRecord<String, String>> awaitRecords(
      KafkaCompanion kafka, String topic, Predicate<String> match, int count) {
    try (ConsumerTask<String, String> task =
        kafka
            .consumeStrings()
            .withGroupId(UUID.randomUUID().toString())
            .withOffsetReset(OffsetResetStrategy.EARLIEST)
            .fromTopics(topic)) {
      await()
          .atMost(WAIT)
          .until(
              () -> task.getRecords().stream().filter(r -> match.test(r.value())).count() >= count);
      return task.getRecords().stream().filter(r -> match.test(r.value())).toList();
    }
  }
}
