package io.postrain.inference.messaging;

import io.postrain.events.Events;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.inference.service.ModelLoader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code model-updates}: each announced version is loaded in the background of serving and
 * then made latest; a broken one is recorded FAILED and acknowledged (it is a fact, not a bad
 * record). Malformed records go to {@code model-updates.dlq}.
 */
@ApplicationScoped
public class ModelUpdateConsumer {

  @Inject ModelLoader loader;

  /** Loads one announced version. */
  @Incoming(Channels.MODEL_UPDATES_IN)
  @Blocking
  public void consume(String payload) {
    loader.applyUpdate(Events.parse(payload, ModelUpdateEvent.class));
  }
}
