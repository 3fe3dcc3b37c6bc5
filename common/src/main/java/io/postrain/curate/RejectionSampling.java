package io.postrain.curate;

import java.util.List;

/**
 * Rejection sampling for SFT: of the n sampled candidates of a prompt, the one the reward set
 * scores highest becomes the completion, if its total reaches {@code threshold} ({@code total >=
 * threshold}). A prompt whose best candidate stays under it is dropped as {@link
 * DropReason#BELOW_THRESHOLD}, with the best total in the detail, so a report can count and show
 * it.
 *
 * <p>Ties: among equal best totals the lowest candidate index wins (see {@link ScoredGroup}). A
 * blank candidate is never kept; a group of blank candidates only is dropped as {@link
 * DropReason#EMPTY}.
 */
public final class RejectionSampling {

  /** The strategy's name in campaign specs, reports and the command line. */
  public static final String NAME = "rejection";

  private final RewardSet rewards;
  private final double threshold;

  /**
   * @param rewards scores each candidate
   * @param threshold the least total a kept candidate has; {@link Double#NEGATIVE_INFINITY} keeps
   *     the best of every group
   * @throws IllegalArgumentException when threshold is NaN or +infinity
   */
  public RejectionSampling(RewardSet rewards, double threshold) {
    this.rewards = rewards;
    this.threshold = ScoredGroup.lowerBound("threshold", threshold);
  }

  public double threshold() {
    return threshold;
  }

  /**
   * Chooses the completion of one prompt group.
   *
   * @param candidates the group's candidates, all answering the same prompt
   * @return an {@link Decision.Example} of the best candidate, or why none
   */
  public Decision select(List<Sample> candidates) {
    ScoredGroup group = new ScoredGroup(rewards, candidates);
    if (candidates.isEmpty()) {
      return new Decision.Dropped(DropReason.NO_CANDIDATES, "0 candidates", group.scores());
    }
    if (group.eligible() == 0) {
      return new Decision.Dropped(
          DropReason.EMPTY, candidates.size() + " candidates, all blank", group.scores());
    }
    int best = group.best();
    double total = group.total(best);
    if (total < threshold) {
      return new Decision.Dropped(
          DropReason.BELOW_THRESHOLD,
          "best reward "
              + ScoredGroup.format(total)
              + " (candidate "
              + best
              + ") < threshold "
              + ScoredGroup.format(threshold),
          group.scores());
    }
    return new Decision.Example(
        candidates.get(best).completion(), best, group.scores().get(best), group.scores());
  }
}
