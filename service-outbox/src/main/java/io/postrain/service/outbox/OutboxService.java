package io.postrain.service.outbox;

import io.postrain.events.Events;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Queues events for Kafka in the caller's transaction: they are published (by the messaging layer's
 * relay) only if, and after, that transaction commits, so the database and the topics never
 * disagree for long and nothing queued is lost.
 */
@ApplicationScoped
public class OutboxService {

  /**
   * Queues one event.
   *
   * @param topic the topic to publish to
   * @param key the record key (events with the same key keep their order), or null
   * @param eventId the event's id, for operators
   * @param event the event record, written as JSON
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void enqueue(String topic, String key, String eventId, Object event) {
    OutboxEntity row = new OutboxEntity();
    row.eventId = eventId;
    row.topic = topic;
    row.recordKey = key;
    row.payload = Events.toJson(event);
    row.createdAt = Instant.now();
    row.persist();
  }
}
