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

  /** Non-padding tokens of both sequences. */
  public int tokens() {
    return chosen.length() + rejected.length();
  }
}
