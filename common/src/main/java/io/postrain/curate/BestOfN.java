package io.postrain.curate;

import java.util.List;

/**
 * Best-vs-worst of n for DPO: of the n sampled candidates of a prompt, the one the reward set
 * scores highest is {@code chosen}, the lowest {@code rejected}. A pair whose margin (chosen total
 * - rejected total) is under {@code minMargin}, or 0 (both sides score the same: no preference to
 * learn), is dropped as {@link DropReason#UNDER_MARGIN}; a group of fewer than 2 candidates as
 * {@link DropReason#TOO_FEW}.
 *
 * <p>Ties: the best is the lowest index among equal highest totals, the worst the highest index
 * among equal lowest totals (see {@link ScoredGroup}). Blank candidates are neither: a group with
 * fewer than 2 non-blank candidates is dropped as {@link DropReason#TOO_FEW}.
 */
public final class BestOfN {

  /** The strategy's name in campaign specs, reports and the command line. */
  public static final String NAME = "best-of-n";

  private final RewardSet rewards;
  private final double minMargin;

  /**
   * @param rewards scores each candidate
   * @param minMargin the least margin of a kept pair, a finite number >= 0 (0: any margin above 0)
   * @throws IllegalArgumentException when minMargin is negative or not finite
   */
  public BestOfN(RewardSet rewards, double minMargin) {
    if (!(minMargin >= 0) || Double.isInfinite(minMargin)) {
      throw new IllegalArgumentException(
          "minMargin must be a finite number >= 0 (0: keep any pair whose scores differ), got "
              + minMargin);
    }
    this.rewards = rewards;
    this.minMargin = minMargin;
  }

  public double minMargin() {
    return minMargin;
  }

  /**
   * Pairs the best and worst candidate of one prompt group.
   *
   * @param candidates the group's candidates, all answering the same prompt
   * @return a {@link Decision.Pair}, or why none
   */
  public Decision select(List<Sample> candidates) {
    ScoredGroup group = new ScoredGroup(rewards, candidates);
    if (candidates.isEmpty()) {
      return new Decision.Dropped(DropReason.NO_CANDIDATES, "0 candidates", group.scores());
    }
    if (group.eligible() < 2) {
      return new Decision.Dropped(
          DropReason.TOO_FEW,
          candidates.size() + " candidates, " + group.eligible() + " not blank",
          group.scores());
    }
    int best = group.best();
    int worst = group.worst();
    double margin = group.total(best) - group.total(worst);
    if (margin == 0 || margin < minMargin) {
      return new Decision.Dropped(
          DropReason.UNDER_MARGIN,
          "best "
              + ScoredGroup.format(group.total(best))
              + " (candidate "
              + best
              + ") - worst "
              + ScoredGroup.format(group.total(worst))
              + " (candidate "
              + worst
              + ") = "
              + ScoredGroup.format(margin)
              + (margin == 0
                  ? ": no preference"
                  : " < min margin " + ScoredGroup.format(minMargin)),
          group.scores());
    }
    return new Decision.Pair(
        candidates.get(best).completion(),
        candidates.get(worst).completion(),
        best,
        worst,
        group.scores().get(best),
        group.scores().get(worst),
        group.scores());
  }
}
