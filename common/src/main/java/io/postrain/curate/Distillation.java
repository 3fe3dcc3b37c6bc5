package io.postrain.curate;

import java.util.List;

/**
 * SFT examples by distillation: a (usually larger) teacher model's answer becomes the completion. A
 * blank answer is dropped as {@link DropReason#EMPTY}; with {@code dropTruncated} an answer cut off
 * at the token limit as {@link DropReason#TRUNCATED}; with a reward set and a threshold an answer
 * whose total is under it as {@link DropReason#BELOW_THRESHOLD}. Checked in that order.
 */
public final class Distillation {

  /** The strategy's name in campaign specs and dataset rows. */
  public static final String NAME = "distillation";

  private final RewardSet rewards;
  private final double threshold;
  private final boolean dropTruncated;

  /**
   * @param rewards scores each answer, or null to score nothing
   * @param threshold the least total of a kept answer; {@link Double#NEGATIVE_INFINITY} for none;
   *     only used with a reward set
   * @param dropTruncated whether an answer cut off at the token limit is dropped
   * @throws IllegalArgumentException when threshold is NaN or +infinity
   */
  public Distillation(RewardSet rewards, double threshold, boolean dropTruncated) {
    this.rewards = rewards;
    this.threshold = ScoredGroup.lowerBound("threshold", threshold);
    this.dropTruncated = dropTruncated;
  }

  /**
   * The example made of one teacher answer.
   *
   * @param answer the teacher's answer, with its prompt
   * @param truncated whether generation stopped at the token limit
   * @return a {@link Decision.Example} (index 0), or why none
   */
  public Decision decide(Sample answer, boolean truncated) {
    RewardSet.Scores score = rewards == null ? null : rewards.score(answer);
    List<RewardSet.Scores> scores = score == null ? List.of() : List.of(score);
    if (answer.completion().isBlank()) {
      return new Decision.Dropped(DropReason.EMPTY, "blank answer", scores);
    }
    if (dropTruncated && truncated) {
      return new Decision.Dropped(DropReason.TRUNCATED, "stopped at the token limit", scores);
    }
    if (score != null && score.total() < threshold) {
      return new Decision.Dropped(
          DropReason.BELOW_THRESHOLD,
          "reward "
              + ScoredGroup.format(score.total())
              + " < threshold "
              + ScoredGroup.format(threshold),
          scores);
    }
    return new Decision.Example(answer.completion(), 0, score, scores);
  }
}
