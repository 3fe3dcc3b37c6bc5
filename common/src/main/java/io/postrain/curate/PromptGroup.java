package io.postrain.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * One row of a curation input read by {@link PromptGroups}: a prompt and the candidates already
 * written for it (none for a prompt-only row).
 *
 * @param line 1-based line number in the file
 * @param row the row's JSON (rewards such as {@code exact} read its fields)
 * @param prompt the turns before the answer; a string prompt is one user turn
 * @param conversational whether the row uses message lists (rows written from it do too)
 * @param promptText the prompt string of a non-conversational row, else the last user turn
 * @param candidates the answers present in the row, in order; may be empty
 */
public record PromptGroup(
    int line,
    JsonNode row,
    List<ChatMessage> prompt,
    boolean conversational,
    String promptText,
    List<String> candidates) {

  public PromptGroup {
    prompt = List.copyOf(prompt);
    candidates = List.copyOf(candidates);
  }

  /** A sample of one answer to this prompt. */
  public Sample sample(String completion) {
    return new Sample(prompt, completion, row);
  }

  /** Samples of every candidate, in order. */
  public List<Sample> samples(List<String> completions) {
    return completions.stream().map(this::sample).toList();
  }
}
