package io.postrain.curation.messaging;

import io.postrain.curation.service.TrainingOutcomes;
import io.postrain.events.Events;
import io.postrain.events.TrainingOutcomeEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code training-outcomes}, the trainer's word on how each job ended, as {@link
 * ResponseConsumer} does {@code responses}: parsed here, a malformed record is nacked and moved to
 * {@code training-outcomes.dlq}; acknowledged after its transaction committed.
 */
@ApplicationScoped
public class TrainingOutcomeConsumer {

  @Inject TrainingOutcomes outcomes;

  /** Records one outcome; throws (nack) if it cannot be read or stored. */
  @Incoming(Channels.TRAINING_OUTCOMES_IN)
  @Blocking
  public void consume(String payload) {
    outcomes.onOutcome(Events.parse(payload, TrainingOutcomeEvent.class));
  }
}
