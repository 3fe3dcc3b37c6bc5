package io.postrain.events;

import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;

/**
 * One SFT row of a dataset (topic {@link Topics#SFT_EXAMPLES}), in TRL's conversational
 * prompt-completion format: {@code prompt}, {@code completion}.
 *
 * @param id unique row id; the trainer drops a redelivered id
 * @param schemaVersion {@link Events#SCHEMA_VERSION}
 * @param timestamp when the row was curated
 * @param datasetId the dataset this row belongs to ({@link Names#RULE})
 * @param campaignId the campaign that produced it, or null for an imported row
 * @param promptId the prompt answered, or null for an imported row
 * @param prompt the conversation up to the answer, at least one message
 * @param completion the assistant turn(s) to learn, at least one message
 * @param strategy the curation strategy that made the row, e.g. {@code distillation}, {@code
 *     import}
 */
public record SftExampleEvent(
    String id,
    int schemaVersion,
    Instant timestamp,
    String datasetId,
    String campaignId,
    String promptId,
    List<ChatMessage> prompt,
    List<ChatMessage> completion,
    String strategy) {

  public SftExampleEvent {
    Checks.envelope(id, schemaVersion, timestamp);
    Names.check("datasetId", datasetId);
    prompt = Checks.messages("prompt", prompt);
    completion = Checks.messages("completion", completion);
    Checks.text("strategy", strategy);
  }
}
