package io.postrain.events;

import java.util.Set;

/**
 * One sampled completion of a prompt.
 *
 * @param index position among the prompt's candidates, from 0
 * @param text the generated assistant text, without the chat template's end marker
 * @param finishReason {@code stop} (end of turn or a stop token) or {@code length} (hit {@code
 *     maxNewTokens})
 * @param promptTokens tokens in the rendered prompt
 * @param completionTokens tokens generated
 */
public record Candidate(
    int index, String text, String finishReason, int promptTokens, int completionTokens) {

  /** Accepted values of {@link #finishReason}. */
  public static final Set<String> FINISH_REASONS = Set.of("stop", "length");

  public Candidate {
    Checks.range("index", index, 0, Integer.MAX_VALUE);
    if (text == null) {
      throw new InvalidEventException("text", "text is missing: expected the generated text");
    }
    Checks.oneOf("finishReason", finishReason, FINISH_REASONS);
    Checks.range("promptTokens", promptTokens, 0, Integer.MAX_VALUE);
    Checks.range("completionTokens", completionTokens, 0, Integer.MAX_VALUE);
  }
}
