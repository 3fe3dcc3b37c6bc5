package io.postrain.train;

/**
 * One sampled completion ready for the GRPO loss.
 *
 * @param sequence prompt + completion ids; its loss mask is 1 on the completion tokens (0 on all of
 *     them when the completion is truncated and {@code maskTruncatedCompletions} is on)
 * @param advantage the completion's group-relative advantage
 * @param oldLogps (T) per position t the log-prob of token t + 1 at sampling time (temperature
 *     applied), 0 off the completion; null when {@code numIterations} is 1 (the ratio is then 1)
 * @param refLogps (T) the reference's log-probs laid out the same way; null when beta is 0
 * @param completionLength generated tokens, a stop token included
 * @param truncated whether generation stopped at {@code maxCompletionLength} without a stop token
 */
record GrpoRollout(
    TokenizedSequence sequence,
    double advantage,
    float[] oldLogps,
    float[] refLogps,
    int completionLength,
    boolean truncated) {

  /** Completion tokens the loss trains on. */
  int trainedTokens() {
    return sequence.trainedTokens();
  }
}
