package io.postrain.lm;

import java.util.Arrays;

/**
 * One generated answer, as the services and the command line report it.
 *
 * @param text the generated tokens decoded without special tokens
 * @param tokenIds the generated token ids, the stop token included when there was one
 * @param finishReason STOP when a stop token ended it, LENGTH when maxNewTokens did
 * @param promptTokens tokens in the rendered prompt
 * @param completionTokens generated tokens (the length of tokenIds)
 */
public record Completion(
    String text,
    long[] tokenIds,
    FinishReason finishReason,
    int promptTokens,
    int completionTokens) {

  public Completion {
    tokenIds = tokenIds.clone();
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
