package io.postrain.trainer.messaging;

import io.postrain.events.Events;
import io.postrain.events.TrainingJobEvent;
import io.postrain.trainer.service.JobService;
import io.postrain.trainer.service.JobWorker;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code training-jobs}. A record that cannot be read goes to {@code training-jobs.dlq}
 * with the reason; a readable job whose settings are wrong (bad config, unknown model) is queued
 * and fails with the reason recorded on the job, where operators look for it.
 */
@ApplicationScoped
public class TrainingJobConsumer {

  @Inject JobService jobs;

  @Inject JobWorker worker;

  /** Queues one job (a redelivered id is dropped); throws (nack) if it cannot be read or stored. */
  @Incoming(Channels.TRAINING_JOBS_IN)
  @Blocking
  public void consume(String payload) {
    jobs.submit(Events.parse(payload, TrainingJobEvent.class));
    worker.wake();
  }
}
