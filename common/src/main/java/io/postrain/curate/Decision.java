package io.postrain.curate;

import java.util.List;

/**
 * What a curation strategy made of one prompt group (or of one answer, for correction and
 * distillation): an SFT row, a preference pair, or nothing with a reason. Every variant carries the
 * scores of the group's candidates, in input order (empty when the strategy scored nothing), so a
 * {@link CurationReport} can give the per-reward statistics of what was seen, kept and dropped.
 */
public sealed interface Decision permits Decision.Example, Decision.Pair, Decision.Dropped {

  /** The scores of the group's candidates, in input order; empty when nothing was scored. */
  List<RewardSet.Scores> scores();

  /**
   * An SFT row.
   *
   * @param completion the completion kept
   * @param index the candidate kept (its index in the group)
   * @param score its scores, or null when the strategy scores nothing
   */
  record Example(
      String completion, int index, RewardSet.Scores score, List<RewardSet.Scores> scores)
      implements Decision {
    public Example {
      scores = List.copyOf(scores);
    }
  }

  /**
   * A DPO row.
   *
   * @param chosenIndex the candidate chosen, or -1 when chosen is not a candidate (correction
   *     writes it)
   * @param rejectedIndex the candidate rejected
   * @param chosenScore the scores of chosen, or null when the strategy scores nothing
   * @param rejectedScore the scores of rejected, or null when the strategy scores nothing
   */
  record Pair(
      String chosen,
      String rejected,
      int chosenIndex,
      int rejectedIndex,
      RewardSet.Scores chosenScore,
      RewardSet.Scores rejectedScore,
      List<RewardSet.Scores> scores)
      implements Decision {
    public Pair {
      scores = List.copyOf(scores);
    }

    /** chosen's total minus rejected's (NaN when unscored). */
    public double margin() {
      return chosenScore == null ? Double.NaN : chosenScore.total() - rejectedScore.total();
    }
  }

  /**
   * No row.
   *
   * @param reason why
   * @param detail the numbers behind it, e.g. "best reward 0.25 < threshold 0.5"
   */
  record Dropped(DropReason reason, String detail, List<RewardSet.Scores> scores)
      implements Decision {
    public Dropped {
      scores = List.copyOf(scores);
    }
  }
}
