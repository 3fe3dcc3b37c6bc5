package io.postrain.inference.messaging;

import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.inference.service.PromptService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code prompts}. Records are handled concurrently on the {@link Channels#PROMPT_WORKERS}
 * pool (unordered), so prompts waiting together reach the scheduler together and are batched. A
 * record is acknowledged only after its response is stored and the broker acknowledged it on {@code
 * responses} (at least once); a malformed record is a nack whose reason names the bad field, and
 * the channel's dead-letter strategy moves it to {@code prompts.dlq} without blocking the
 * partition.
 */
@ApplicationScoped
public class PromptConsumer {

  @Inject PromptService prompts;

  @Inject InferenceConfig config;

  @Inject
  @Channel(Channels.RESPONSES_OUT)
  Emitter<String> responses;

  /** Answers one prompt (or re-sends its stored answer); throws (nack) if it cannot be read. */
  @Incoming(Channels.PROMPTS_IN)
  @Blocking(value = Channels.PROMPT_WORKERS, ordered = false)
  public void consume(String payload) throws Exception {
    PromptEvent prompt = Events.parse(payload, PromptEvent.class);
    String response = prompts.answer(prompt);
    responses.send(response).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
