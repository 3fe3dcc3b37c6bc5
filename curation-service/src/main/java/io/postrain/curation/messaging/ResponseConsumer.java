package io.postrain.curation.messaging;

import io.postrain.curation.service.CurationService;
import io.postrain.events.Events;
import io.postrain.events.ResponseEvent;
import io.postrain.service.outbox.OutboxQueued;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code responses}. The payload arrives as a String and is parsed here, so a malformed
 * record is a nack whose reason names the bad field; the channel's dead-letter-queue failure
 * strategy then moves it to {@code responses.dlq} and the records behind it carry on. A record is
 * acknowledged (and its offset committed later) only after its transaction committed.
 */
@ApplicationScoped
public class ResponseConsumer {

  @Inject CurationService curation;

  @Inject Event<OutboxQueued> outboxQueued;

  /** Curates one response; throws (nack) if it cannot be read or stored. */
  @Incoming(Channels.RESPONSES_IN)
  @Blocking
  public void consume(String payload) {
    ResponseEvent response = Events.parse(payload, ResponseEvent.class);
    curation.onResponse(response);
    outboxQueued.fire(new OutboxQueued());
  }
}
