package io.postrain.curation.messaging;

import io.postrain.curation.config.CurationConfig;
import io.postrain.events.Topics;
import io.postrain.service.outbox.OutboxConfig;
import io.postrain.service.outbox.OutboxQueued;
import io.postrain.service.outbox.OutboxRelayBase;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes the curation outbox (prompts, preference pairs, SFT examples and training jobs) with
 * the shared relay, after each transaction that queued records ({@link OutboxQueued}) and on {@link
 * OutboxTimer}'s timer; settings from {@code postrain.curation.outbox.*}.
 */
@ApplicationScoped
public class OutboxRelay extends OutboxRelayBase {

  @Inject CurationConfig config;

  @Inject
  @Channel(Channels.PROMPTS_OUT)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  MutinyEmitter<String> prompts;

  @Inject
  @Channel(Channels.PREFERENCE_PAIRS_OUT)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  MutinyEmitter<String> preferencePairs;

  @Inject
  @Channel(Channels.SFT_EXAMPLES_OUT)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  MutinyEmitter<String> sftExamples;

  @Inject
  @Channel(Channels.TRAINING_JOBS_OUT)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
  MutinyEmitter<String> trainingJobs;

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
    switch (topic) {
      case Topics.PROMPTS:
        return prompts;
      case Topics.PREFERENCE_PAIRS:
        return preferencePairs;
      case Topics.SFT_EXAMPLES:
        return sftExamples;
      case Topics.TRAINING_JOBS:
        return trainingJobs;
      default:
        throw new IllegalStateException(
            "outbox holds a record for topic '" + topic + "', which this service does not publish");
    }
  }
}
