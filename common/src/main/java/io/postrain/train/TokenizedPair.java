package io.postrain.train;

/**
 * A tokenised preference pair: the shared prompt followed by each answer; only answer tokens are
 * trained labels.
 *
 * @param chosen prompt + chosen answer
 * @param rejected prompt + rejected answer
 * @param index the position of the source pair in the data set
 */
public record TokenizedPair(TokenizedSequence chosen, TokenizedSequence rejected, int index) {

  public TokenizedPair {
    if (chosen == null || rejected == null) {
      throw new IllegalArgumentException("a tokenised pair needs both sequences");
    }
  }

  /**
   * Where the answers first differ, found on the trained (answer) token ids after the shared
   * prompt: the k-th answer token of chosen and of rejected, for the smallest k where the ids
   * differ. The answers end with the end-of-turn or eos token, so an answer that is the start of a
   * longer one still differs at its end token; only identical answers, or answers cut by {@code
   * maxLength} where one is a prefix of the other, have no such token.
   *
   * @return {position in chosen, position in rejected} (sequence positions, both >= 1), or null
   *     when one answer's tokens are a prefix of the other's (identical answers included)
   */
  public int[] firstDivergence() {
    int c = nextTrained(chosen, 0);
    int r = nextTrained(rejected, 0);
    while (c > 0 && r > 0) {
      if (chosen.id(c) != rejected.id(r)) {
        return new int[] {c, r};
      }
      c = nextTrained(chosen, c);
      r = nextTrained(rejected, r);
    }
    return null;
  }

  /** The first trained position after {@code from}, or -1. */
  private static int nextTrained(TokenizedSequence s, int from) {
    for (int i = from + 1; i < s.length(); i++) {
      if (s.trained(i)) {
        return i;
      }
    }
    return -1;
  }

  /** Non-padding tokens of both sequences. */
  public int tokens() {
    return chosen.length() + rejected.length();
  }
}
