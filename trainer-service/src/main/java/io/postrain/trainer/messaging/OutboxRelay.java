package io.postrain.trainer.messaging;

import io.postrain.events.Topics;
import io.postrain.service.outbox.OutboxEntity;
import io.postrain.trainer.config.TrainerConfig;
import io.postrain.trainer.service.OutboxQueued;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: pending records in creation order, marked published once the broker has
 * acknowledged them. Runs (on a worker thread) after each transaction that queued records, and on
 * {@link OutboxTimer}'s timer, so records queued while Kafka was unreachable go out when it is
 * back. A crash between publishing and marking publishes a record twice; consumers drop it by id.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean relayQueued = new AtomicBoolean();

  @Inject TrainerConfig config;

  @Inject ManagedExecutor executor;

  @Inject
  @Channel(Channels.MODEL_UPDATES_OUT)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
  MutinyEmitter<String> modelUpdates;

  /**
   * Publishes every pending record and waits for the broker.
   *
   * @return records published
   * @throws RuntimeException if the broker did not acknowledge a batch; its records stay pending
   */
  public int relay() {
    lock.lock();
    try {
      int batchSize = config.outbox().batchSize();
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

  /** A transaction queued records: publish them on a worker thread. */
  void onQueued(@Observes OutboxQueued event) {
    requestRelay();
  }

  /** Deletes records published longer than the retention ago. */
  public void prune() {
    Instant cutoff = Instant.now().minus(config.outbox().retention());
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
          config.outbox().relayInterval(), e.toString());
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
    Uni.join().all(sends).andFailFast().await().atMost(config.outbox().sendTimeout());
  }

  private MutinyEmitter<String> emitter(String topic) {
    if (Topics.MODEL_UPDATES.equals(topic)) {
      return modelUpdates;
    }
    throw new IllegalStateException(
        "outbox holds a record for topic '" + topic + "', which this service does not publish");
  }
}
