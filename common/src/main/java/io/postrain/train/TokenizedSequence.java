package io.postrain.train;

import java.util.Arrays;

/**
 * One tokenised training sequence.
 *
 * @param inputIds the token ids, length T >= 1
 * @param lossMask (T) 1 where the token is a trained label (predicted from the tokens before it), 0
 *     elsewhere; position 0 is never trained (it has no predecessor)
 * @param index the position of the source example in the data set (for per-example caches)
 */
public record TokenizedSequence(long[] inputIds, byte[] lossMask, int index) {

  public TokenizedSequence {
    if (inputIds == null || lossMask == null || inputIds.length != lossMask.length) {
      throw new IllegalArgumentException("inputIds and lossMask must have the same length");
    }
    if (inputIds.length == 0) {
      throw new IllegalArgumentException("a tokenised sequence needs at least one token");
    }
    inputIds = inputIds.clone();
    lossMask = lossMask.clone();
  }

  @Override
  public long[] inputIds() {
    return inputIds.clone();
  }

  @Override
  public byte[] lossMask() {
    return lossMask.clone();
  }

  /** The sequence length T. */
  public int length() {
    return inputIds.length;
  }

  /** Token id at position i. */
  public long id(int i) {
    return inputIds[i];
  }

  /** Whether the token at position i is a trained label (always false for i = 0). */
  public boolean trained(int i) {
    return i > 0 && lossMask[i] != 0;
  }

  /** The number of trained label tokens (positions 1..T-1 with mask 1). */
  public int trainedTokens() {
    int n = 0;
    for (int i = 1; i < lossMask.length; i++) {
      n += lossMask[i] != 0 ? 1 : 0;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenizedSequence s
        && index == s.index
        && Arrays.equals(inputIds, s.inputIds)
        && Arrays.equals(lossMask, s.lossMask);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(inputIds) + Arrays.hashCode(lossMask)) + index;
  }

  @Override
  public String toString() {
    return "TokenizedSequence[index="
        + index
        + ", ids="
        + Arrays.toString(inputIds)
        + ", trained="
        + trainedTokens()
        + "]";
  }
}
