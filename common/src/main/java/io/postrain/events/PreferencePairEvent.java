package io.postrain.events;

import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;

/**
 * One DPO row of a preference dataset (topic {@link Topics#PREFERENCE_PAIRS}), in TRL's
 * conversational preference format: {@code prompt}, {@code chosen}, {@code rejected}.
 *
 * @param id unique row id; the trainer drops a redelivered id
 * @param schemaVersion {@link Events#SCHEMA_VERSION}
 * @param timestamp when the row was curated
 * @param datasetId the dataset this row belongs to ({@link Names#RULE})
 * @param campaignId the campaign that produced it, or null for an imported row
 * @param promptId the prompt answered, or null for an imported row
 * @param prompt the conversation up to the answer, at least one message
 * @param chosen the preferred assistant turn(s), at least one message
 * @param rejected the dispreferred assistant turn(s), at least one message
 * @param strategy the curation strategy that made the row, e.g. {@code correction}, {@code import}
 */
public record PreferencePairEvent(
    String id,
    int schemaVersion,
    Instant timestamp,
    String datasetId,
    String campaignId,
    String promptId,
    List<ChatMessage> prompt,
    List<ChatMessage> chosen,
    List<ChatMessage> rejected,
    String strategy) {

  public PreferencePairEvent {
    Checks.envelope(id, schemaVersion, timestamp);
    Names.check("datasetId", datasetId);
    prompt = Checks.messages("prompt", prompt);
    chosen = Checks.messages("chosen", chosen);
    rejected = Checks.messages("rejected", rejected);
    Checks.text("strategy", strategy);
  }
}
