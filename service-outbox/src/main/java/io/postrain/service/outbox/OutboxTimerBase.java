package io.postrain.service.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/**
 * Runs the outbox relay on a timer, from the end of start-up to shutdown. A separate bean because
 * the scheduler may fire while the application is still starting: the relay's emitters can only be
 * injected once SmallRye Reactive Messaging has connected the channels, and the relay (an
 * application-scoped bean behind a proxy) is created on its first use, after {@code started}.
 *
 * <p>A service extends it with an application-scoped bean whose {@code @Scheduled} method, on the
 * service's own relay-interval key, calls {@link #tick}.
 */
public abstract class OutboxTimerBase {

  private volatile boolean started;
  private volatile boolean stopping;

  /** The service's relay. */
  protected abstract OutboxRelayBase relay();

  /** Observed after SmallRye Reactive Messaging's own start-up observer, which runs earlier. */
  void onStart(@Observes StartupEvent event) {
    started = true;
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /** Publishes what is pending and prunes old published records, between start-up and shutdown. */
  protected void tick() {
    if (started && !stopping) {
      relay().relayQuietly();
      relay().prune();
    }
  }
}
