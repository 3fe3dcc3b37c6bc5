package io.postrain.trainer.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Runs the outbox relay on a timer, from the end of start-up to shutdown. A separate bean because
 * the scheduler may fire while the application is still starting: the relay's emitters can only be
 * injected once SmallRye Reactive Messaging has connected the channels, and the relay (an
 * application-scoped bean behind a proxy) is created on its first use, after {@code started}.
 */
@ApplicationScoped
public class OutboxTimer {

  @Inject OutboxRelay relay;

  private volatile boolean started;
  private volatile boolean stopping;

  /** Observed after SmallRye Reactive Messaging's own start-up observer, which runs earlier. */
  void onStart(@Observes StartupEvent event) {
    started = true;
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stopping = true;
  }

  @Scheduled(
      every = "${postrain.trainer.outbox.relay-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onTimer() {
    if (started && !stopping) {
      relay.relayQuietly();
      relay.prune();
    }
  }
}
