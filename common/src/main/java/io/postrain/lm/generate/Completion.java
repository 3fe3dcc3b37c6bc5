package io.postrain.lm.generate;

import java.util.Arrays;
import java.util.List;

/**
 * One generated answer, as the services and the command line report it.
 *
 * @param text the generated tokens decoded without special tokens
 * @param tokenIds the generated token ids, the stop token included when there was one
 * @param finishReason STOP when a stop token or stop string ended it, LENGTH when maxNewTokens did
 * @param promptTokens tokens in the rendered prompt
 * @param completionTokens generated tokens (the length of tokenIds)
 * @param logprobs one per generated token when asked for, else empty
 */
public record Completion(
    String text,
    long[] tokenIds,
    FinishReason finishReason,
    int promptTokens,
    int completionTokens,
    List<TokenLogprob> logprobs) {

  public Completion {
    tokenIds = tokenIds.clone();
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
  }

  /** A completion without log-probabilities. */
  public Completion(
      String text,
      long[] tokenIds,
      FinishReason finishReason,
      int promptTokens,
      int completionTokens) {
    this(text, tokenIds, finishReason, promptTokens, completionTokens, List.of());
  }

  @Override
  public long[] tokenIds() {
    return tokenIds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Completion c
        && text.equals(c.text)
        && Arrays.equals(tokenIds, c.tokenIds)
        && finishReason == c.finishReason
        && promptTokens == c.promptTokens;
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + Arrays.hashCode(tokenIds);
  }

  @Override
  public String toString() {
    return "Completion[" + finishReason + ", " + completionTokens + " tokens: " + text + "]";
  }
}
