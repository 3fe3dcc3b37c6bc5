package io.postrain.inference.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.inference.service.PromptService;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code prompts}. Records are handled concurrently on the {@link Channels#PROMPT_WORKERS}
 * pool (unordered), so prompts waiting together reach the scheduler together and are batched. A
 * record is acknowledged only after its response is stored and the broker acknowledged it on {@code
 * responses} (at least once); a malformed record is a nack whose reason names the bad field, and
 * the channel's dead-letter strategy moves it to {@code prompts.dlq} without blocking the
 * partition.
 *
 * <p>A broker that goes away while a response is being sent delays the prompt's acknowledgement,
 * nothing else: the stored response is sent again until the broker has it. It is never
 * dead-lettered for that (the dead-letter topic is on the same broker, and a failed dead-letter
 * write closes the consumer for good).
 */
@ApplicationScoped
public class PromptConsumer {

  private static final Logger LOG = Logger.getLogger(PromptConsumer.class);

  /** Pause between two attempts to deliver a response, on top of the producer's own retries. */
  static final Duration REDELIVERY_PAUSE = Duration.ofSeconds(1);

  @Inject PromptService prompts;

  @Inject MeterRegistry meters;

  @Inject
  @Channel(Channels.RESPONSES_OUT)
  Emitter<String> responses;

  private volatile boolean stopping;

  void onShutdown(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /** Answers one prompt (or re-sends its stored answer); throws (nack) if it cannot be read. */
  @Incoming(Channels.PROMPTS_IN)
  @Blocking(value = Channels.PROMPT_WORKERS, ordered = false)
  public void consume(String payload) throws InterruptedException {
    PromptEvent prompt = Events.parse(payload, PromptEvent.class);
    String response = prompts.answer(prompt);
    deliver(prompt.id(), response);
  }

  /**
   * Sends a response until the broker acknowledges it. Each attempt lasts until the producer gives
   * up ({@code delivery.timeout.ms} of the {@code responses-out} channel); the same response (same
   * id) is then sent again, counted by {@code postrain.inference.responses.retries}. Only a
   * shutdown stops the attempts: the prompt is then nacked (dead-lettered if the broker takes it);
   * its response is stored, and a redelivery or replay of the prompt re-sends it.
   */
  private void deliver(String promptId, String response) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        responses.send(response).toCompletableFuture().get();
        if (attempt > 1) {
          LOG.infof("response to prompt %s delivered at attempt %d", promptId, attempt);
        }
        return;
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (stopping) {
          throw new IllegalStateException(
              "shutting down before the response to prompt "
                  + promptId
                  + " reached the broker: "
                  + cause,
              cause);
        }
        meters.counter("postrain.inference.responses.retries").increment();
        LOG.warnf(
            "response to prompt %s not delivered (attempt %d), sending it again in %s: %s",
            promptId, attempt, REDELIVERY_PAUSE, cause.toString());
        Thread.sleep(REDELIVERY_PAUSE.toMillis());
      }
    }
  }
}
