package io.postrain.testing;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads records from a dead-letter topic. Records with different keys land on different partitions,
 * so tests find a dead letter by its value, never by its position.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** The reason the dead-letter strategy gave for moving the record. */
  public static String reason(ConsumerRecord<String, String> record) {
    return KafkaCompanion.getHeader(record.headers(), "dead-letter-reason");
  }

  /** The one record whose value is {@code value}. */
  public static ConsumerRecord<String, String> withValue(
      List<ConsumerRecord<String, String>> records, String value) {
    List<ConsumerRecord<String, String>> matching =
        records.stream().filter(r -> value.equals(r.value())).toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one dead letter with value " + value + ", found " + matching.size());
    }
    return matching.get(0);
  }
}
