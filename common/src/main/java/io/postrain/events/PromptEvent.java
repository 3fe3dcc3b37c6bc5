package io.postrain.events;

import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A prompt for the inference service (topic {@link Topics#PROMPTS}); answered by a {@link
 * ResponseEvent} with {@code promptId} = this id.
 *
 * @param id unique id; consumers drop a redelivered id
 * @param schemaVersion {@link Events#SCHEMA_VERSION}
 * @param timestamp when the prompt was created
 * @param campaignId the curation campaign that sent it, or null for a prompt outside any campaign
 * @param model the model to ask: {@code name}, {@code name:version} or {@code name:latest} ({@link
 *     ModelReference#FORMS}) ({@link ModelReference#FORMS})
 * @param messages the conversation so far, at least one message
 * @param sampling how to sample; {@link SamplingParams#DEFAULTS} when left out
 * @param metadata free-form string tags carried through to the response; never null
 */
public record PromptEvent(
    String id,
    int schemaVersion,
    Instant timestamp,
    String campaignId,
    String model,
    List<ChatMessage> messages,
    SamplingParams sampling,
    Map<String, String> metadata) {

  public PromptEvent {
    Checks.envelope(id, schemaVersion, timestamp);
    ModelReference.parse("model", model);
    messages = Checks.messages("messages", messages);
    sampling = sampling == null ? SamplingParams.DEFAULTS : sampling;
    metadata = Checks.map("metadata", metadata);
  }

  /** A new prompt with a fresh id and the current time. */
  public static PromptEvent create(
      String campaignId,
      String model,
      List<ChatMessage> messages,
      SamplingParams sampling,
      Map<String, String> metadata) {
    return new PromptEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        campaignId,
        model,
        messages,
        sampling,
        metadata);
  }
}
