package io.postrain.trainer.messaging;

import io.postrain.service.outbox.OutboxRelayBase;
import io.postrain.service.outbox.OutboxTimerBase;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Runs {@link OutboxRelay} every {@code postrain.trainer.outbox.relay-interval} once started. */
@ApplicationScoped
public class OutboxTimer extends OutboxTimerBase {

  @Inject OutboxRelay relay;

  @Override
  protected OutboxRelayBase relay() {
    return relay;
  }

  @Scheduled(
      every = "${postrain.trainer.outbox.relay-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onTimer() {
    tick();
  }
}
