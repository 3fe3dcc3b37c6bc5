package io.postrain.lm;

import java.util.Arrays;
import java.util.Objects;

/**
 * One generated continuation.
 *
 * @param promptTokens number of tokens in the prompt it continues
 * @param tokenIds the generated tokens only, a stop token included as the last one
 * @param finishReason STOP when it ended on a stop token, LENGTH when it reached maxNewTokens
 */
public record GeneratedSequence(int promptTokens, long[] tokenIds, FinishReason finishReason) {

  public GeneratedSequence {
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(finishReason, "finishReason");
    tokenIds = tokenIds.clone();
  }

  /** A copy of the generated tokens. */
  @Override
  public long[] tokenIds() {
    return tokenIds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedSequence g
        && g.promptTokens == promptTokens
        && Arrays.equals(g.tokenIds, tokenIds)
        && g.finishReason == finishReason;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * promptTokens + Arrays.hashCode(tokenIds)) + finishReason.hashCode();
  }

  @Override
  public String toString() {
    return "GeneratedSequence[promptTokens="
        + promptTokens
        + ", tokenIds="
        + Arrays.toString(tokenIds)
        + ", finishReason="
        + finishReason
        + "]";
  }
}
