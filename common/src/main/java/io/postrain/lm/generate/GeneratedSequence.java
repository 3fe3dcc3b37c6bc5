package io.postrain.lm.generate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One generated continuation.
 *
 * @param promptTokens number of tokens in the prompt it continues
 * @param tokenIds the generated tokens only, a stop token included as the last one
 * @param finishReason STOP when it ended on a stop token or stop string, LENGTH when it reached
 *     maxNewTokens
 * @param logprobs one per generated token when the config asked for them, else empty
 */
public record GeneratedSequence(
    int promptTokens, long[] tokenIds, FinishReason finishReason, List<TokenLogprob> logprobs) {

  public GeneratedSequence {
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(finishReason, "finishReason");
    tokenIds = tokenIds.clone();
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
  }

  /** A sequence without log-probabilities. */
  public GeneratedSequence(int promptTokens, long[] tokenIds, FinishReason finishReason) {
    this(promptTokens, tokenIds, finishReason, List.of());
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
        && g.finishReason == finishReason
        && g.logprobs.equals(logprobs);
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
