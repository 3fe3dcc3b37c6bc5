package io.postrain.trainer.messaging;

import io.postrain.events.Topics;
import io.postrain.service.outbox.OutboxConfig;
import io.postrain.service.outbox.OutboxQueued;
import io.postrain.service.outbox.OutboxRelayBase;
import io.postrain.trainer.config.TrainerConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes the trainer outbox (model updates, training outcomes) with the shared relay, after each
 * transaction that queued records ({@link OutboxQueued}) and on {@link OutboxTimer}'s timer;
 * settings from {@code postrain.trainer.outbox.*}.
 */
@ApplicationScoped
public class OutboxRelay extends OutboxRelayBase {

  @Inject TrainerConfig config;

  @Inject
  @Channel(Channels.MODEL_UPDATES_OUT)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
  MutinyEmitter<String> modelUpdates;

  @Inject
  @Channel(Channels.TRAINING_OUTCOMES_OUT)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
  MutinyEmitter<String> trainingOutcomes;

  /** A transaction queued records: publish them on a worker thread. */
  void onQueued(@Observes OutboxQueued event) {
    requestRelay();
  }

  @Override
  protected OutboxConfig settings() {
    return config.outbox();
  }

  @Override
  protected MutinyEmitter<String> emitter(String topic) {
    if (Topics.MODEL_UPDATES.equals(topic)) {
      return modelUpdates;
    }
    if (Topics.TRAINING_OUTCOMES.equals(topic)) {
      return trainingOutcomes;
    }
    throw new IllegalStateException(
        "outbox holds a record for topic '" + topic + "', which this service does not publish");
  }
}
