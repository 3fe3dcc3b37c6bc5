package io.postrain.testing;

import static org.awaitility.Awaitility.await;

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

/**
 * Reading and writing the test broker's topics (String records, one partition), for the three
 * services' tests. Every read uses a fresh consumer group from the earliest offset, so a test sees
 * what any earlier test wrote and filters by its own ids.
 */
public final class TopicRecords {

  /** How long a read or write waits before the test fails. */
  public static final Duration WAIT = Duration.ofSeconds(60);

  private TopicRecords() {}

  /** Writes one record (a random key) and waits for the broker. */
  public static void produce(KafkaCompanion kafka, String topic, String value) {
    kafka
        .produceStrings()
        .fromRecords(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value))
        .awaitCompletion(WAIT);
  }

  /** Waits until {@code topic} holds at least {@code n} records matching, and returns them all. */
  public static List<ConsumerRecord<String, String>> awaitRecords(
      KafkaCompanion kafka, String topic, Predicate<String> match, int n) {
    try (ConsumerTask<String, String> task = consume(kafka, topic)) {
      await()
          .atMost(WAIT)
          .until(() -> task.getRecords().stream().filter(r -> match.test(r.value())).count() >= n);
      return task.getRecords().stream().filter(r -> match.test(r.value())).toList();
    }
  }

  /** The records of {@code topic} matching, once the topic has been read to its end. */
  public static List<ConsumerRecord<String, String>> readAll(
      KafkaCompanion kafka, String topic, Predicate<String> match) {
    long end = kafka.offsets().get(KafkaCompanion.tp(topic, 0), OffsetSpec.latest()).offset();
    try (ConsumerTask<String, String> task = consume(kafka, topic)) {
      await().atMost(WAIT).until(() -> task.count() >= end);
      return task.getRecords().stream().filter(r -> match.test(r.value())).toList();
    }
  }

  private static ConsumerTask<String, String> consume(KafkaCompanion kafka, String topic) {
    return kafka
        .consumeStrings()
        .withGroupId(UUID.randomUUID().toString())
        .withOffsetReset(OffsetResetStrategy.EARLIEST)
        .fromTopics(topic);
  }
}
