package io.postrain.service.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: pending records in creation order, marked published once the broker has
 * acknowledged them. Runs (on a worker thread) after each transaction that queued records, and on
 * the service's timer ({@link OutboxTimerBase}), so records queued while Kafka was unreachable go
 * out when it is back. A crash between publishing and marking publishes a record twice; consumers
 * drop it by id.
 *
 * <p>A service extends it with an application-scoped bean that holds one emitter per topic it
 * publishes and reads the settings from its own configuration.
 */
public abstract class OutboxRelayBase {

  private static final Logger LOG = Logger.getLogger(OutboxRelayBase.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean relayQueued = new AtomicBoolean();

  @Inject ManagedExecutor executor;

  /** The service's outbox settings. */
  protected abstract OutboxConfig settings();

  /**
   * The emitter for a topic.
   *
   * @throws IllegalStateException for a topic this service does not publish
   */
  protected abstract MutinyEmitter<String> emitter(String topic);

  /**
   * Publishes every pending record and waits for the broker.
   *
   * @return records published
   * @throws RuntimeException if the broker did not acknowledge a batch; its records stay pending
   */
  public int relay() {
    lock.lock();
    try {
      int batchSize = settings().batchSize();
      int total = 0;
      while (true) {
        List<OutboxEntity> batch =
            QuarkusTransaction.requiringNew().call(() -> OutboxEntity.pending(batchSize));
        if (batch.isEmpty()) {
          return total;
        }
        publish(batch);
        List<Long> seqs = batch.stream().map(r -> r.seq).toList();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> OutboxEntity.markPublished(seqs, now));
        total += batch.size();
        if (batch.size() < batchSize) {
          return total;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks for a relay round on a worker thread, so that an HTTP request or a consumed record never
   * waits for the broker. Requests made while a round is queued share it; a request made during a
   * round queues the next one.
   */
  public void requestRelay() {
    if (relayQueued.compareAndSet(false, true)) {
      executor.execute(
          () -> {
            relayQueued.set(false);
            relayQuietly();
          });
    }
  }

  /** Deletes records published longer than the retention ago. */
  public void prune() {
    Instant cutoff = Instant.now().minus(settings().retention());
    QuarkusTransaction.requiringNew().run(() -> OutboxEntity.deletePublishedBefore(cutoff));
  }

  /**
   * Publishes pending records; a failure is logged and left to the timer, since the records are
   * safe in the database.
   */
  public void relayQuietly() {
    try {
      relay();
    } catch (RuntimeException e) {
      LOG.warnf(
          "outbox: publishing failed, records stay pending and are retried every %s: %s",
          settings().relayInterval(), e.toString());
    }
  }

  private void publish(List<OutboxEntity> batch) {
    List<Uni<Void>> sends = new ArrayList<>(batch.size());
    for (OutboxEntity row : batch) {
      Message<String> message =
          Message.of(row.payload)
              .addMetadata(
                  OutgoingKafkaRecordMetadata.<String>builder().withKey(row.recordKey).build());
      sends.add(emitter(row.topic).sendMessage(message));
    }
    Uni.join().all(sends).andFailFast().await().atMost(settings().sendTimeout());
  }
}
