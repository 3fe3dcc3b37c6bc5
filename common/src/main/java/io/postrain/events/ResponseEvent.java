package io.postrain.events;

import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The inference service's answer to a {@link PromptEvent} (topic {@link Topics#RESPONSES}): either
 * at least one candidate, or an error saying why there is none.
 *
 * @param id unique id; consumers drop a redelivered id
 * @param schemaVersion {@link Events#SCHEMA_VERSION}
 * @param timestamp when the response was produced
 * @param promptId the id of the prompt answered
 * @param campaignId the prompt's campaign id, echoed; null for prompts outside a campaign
 * @param model the model name that answered (or was asked, when {@code error} is set)
 * @param modelVersion the resolved version that answered; null when no model could be resolved
 * @param messages the prompt's messages, echoed; never null
 * @param candidates the sampled completions; empty only when {@code error} is set
 * @param error why there are no candidates, or null
 * @param metadata the prompt's {@link PromptEvent#metadata() metadata}, echoed; never null (empty
 *     when a producer leaves it out)
 */
public record ResponseEvent(
    String id,
    int schemaVersion,
    Instant timestamp,
    String promptId,
    String campaignId,
    String model,
    String modelVersion,
    List<ChatMessage> messages,
    List<Candidate> candidates,
    String error,
    Map<String, String> metadata) {

  public ResponseEvent {
    Checks.envelope(id, schemaVersion, timestamp);
    Checks.text("promptId", promptId);
    Checks.text("model", model);
    messages = Checks.list("messages", messages);
    candidates = Checks.list("candidates", candidates);
    metadata = Checks.map("metadata", metadata);
    if (candidates.isEmpty() && (error == null || error.isBlank())) {
      throw new InvalidEventException(
          "candidates",
          "candidates is empty and error is missing: expected at least one candidate, or an error");
    }
  }

  /** A successful response with a fresh id and the current time. */
  public static ResponseEvent answer(
      PromptEvent prompt, String modelVersion, List<Candidate> candidates) {
    return new ResponseEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        prompt.id(),
        prompt.campaignId(),
        prompt.model(),
        modelVersion,
        prompt.messages(),
        candidates,
        null,
        prompt.metadata());
  }

  /** A failed response (no candidates) with a fresh id and the current time. */
  public static ResponseEvent failure(PromptEvent prompt, String modelVersion, String error) {
    return new ResponseEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        prompt.id(),
        prompt.campaignId(),
        prompt.model(),
        modelVersion,
        prompt.messages(),
        List.of(),
        error,
        prompt.metadata());
  }
}
