package io.postrain.trainer.messaging;

import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.trainer.service.DatasetService;
import io.postrain.trainer.service.JobWorker;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code preference-pairs} and {@code sft-examples} into dataset rows. The payload is
 * parsed here, so a malformed record is a nack whose reason names the bad field; the channel's
 * dead-letter-queue strategy moves it to {@code <topic>.dlq} and the records behind it carry on. A
 * record is acknowledged only after its transaction committed.
 */
@ApplicationScoped
public class DatasetRowConsumer {

  @Inject DatasetService datasets;

  @Inject JobWorker worker;

  /** Stores one preference pair; throws (nack) if it cannot be read or stored. */
  @Incoming(Channels.PREFERENCE_PAIRS_IN)
  @Blocking
  public void preferencePair(String payload) {
    datasets.add(Events.parse(payload, PreferencePairEvent.class));
    worker.wake();
  }

  /** Stores one SFT example; throws (nack) if it cannot be read or stored. */
  @Incoming(Channels.SFT_EXAMPLES_IN)
  @Blocking
  public void sftExample(String payload) {
    datasets.add(Events.parse(payload, SftExampleEvent.class));
    worker.wake();
  }
}
