package io.postrain.curate;

import java.util.List;

/**
 * DPO pairs by correction: the model's own answer is {@code rejected}, the answer corrected by a
 * {@link CorrectionStrategy} is {@code chosen}. An answer the correction leaves unchanged is
 * dropped as {@link DropReason#IDENTICAL}. With a reward set both sides are scored (for the
 * report), and with a minimum margin a pair whose chosen total - rejected total is under it is
 * dropped as {@link DropReason#UNDER_MARGIN}.
 */
public final class CorrectionPairs {

  private final CorrectionStrategy correction;
  private final RewardSet rewards;
  private final double minMargin;

  /**
   * @param rewards scores both sides, or null to score nothing
   * @param minMargin the least margin of a kept pair; {@link Double#NEGATIVE_INFINITY} keeps every
   *     pair the correction changes; only used with a reward set
   * @throws IllegalArgumentException when minMargin is NaN or +infinity
   */
  public CorrectionPairs(CorrectionStrategy correction, RewardSet rewards, double minMargin) {
    this.correction = correction;
    this.rewards = rewards;
    this.minMargin = ScoredGroup.lowerBound("minMargin", minMargin);
  }

  /**
   * The pair made of one answer.
   *
   * @param answer the model's answer (rejected), with its prompt
   * @return a {@link Decision.Pair} (chosenIndex -1: chosen is written, not sampled; rejectedIndex
   *     0), or why none; {@code scores} holds the answer's scores
   */
  public Decision decide(Sample answer) {
    String chosen = correction.correct(answer.completion());
    RewardSet.Scores rejectedScore = rewards == null ? null : rewards.score(answer);
    List<RewardSet.Scores> scores = rejectedScore == null ? List.of() : List.of(rejectedScore);
    if (chosen.equals(answer.completion())) {
      return new Decision.Dropped(DropReason.IDENTICAL, "the correction changes nothing", scores);
    }
    RewardSet.Scores chosenScore =
        rewards == null ? null : rewards.score(new Sample(answer.prompt(), chosen, answer.row()));
    Decision.Pair pair =
        new Decision.Pair(chosen, answer.completion(), -1, 0, chosenScore, rejectedScore, scores);
    if (rewards != null && pair.margin() < minMargin) {
      return new Decision.Dropped(
          DropReason.UNDER_MARGIN,
          "chosen "
              + ScoredGroup.format(chosenScore.total())
              + " - rejected "
              + ScoredGroup.format(rejectedScore.total())
              + " = "
              + ScoredGroup.format(pair.margin())
              + " < min margin "
              + ScoredGroup.format(minMargin),
          scores);
    }
    return pair;
  }
}
