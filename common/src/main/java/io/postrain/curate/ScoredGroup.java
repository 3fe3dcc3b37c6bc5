package io.postrain.curate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The candidates of one prompt scored by a reward set, with the deterministic tie rule of the
 * strategies: the best is the highest total, the lowest index among equal totals; the worst is the
 * lowest total, the highest index among equal totals (so that in a group of equal scores best and
 * worst are different candidates, the first and the last). Totals are compared exactly. A blank
 * candidate is scored (it counts in the statistics) but never best or worst: it would make an empty
 * row.
 */
final class ScoredGroup {

  private final List<RewardSet.Scores> scores;
  private final boolean[] blank;

  ScoredGroup(RewardSet rewards, List<Sample> candidates) {
    List<RewardSet.Scores> out = new ArrayList<>(candidates.size());
    blank = new boolean[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      blank[i] = candidates.get(i).completion().isBlank();
      RewardSet.Scores s = rewards.score(candidates.get(i));
      if (Double.isNaN(s.total())) {
        throw new IllegalArgumentException("candidate " + i + " scored NaN");
      }
      out.add(s);
    }
    this.scores = List.copyOf(out);
  }

  List<RewardSet.Scores> scores() {
    return scores;
  }

  /** Candidates that are not blank. */
  int eligible() {
    int count = 0;
    for (boolean b : blank) {
      count += b ? 0 : 1;
    }
    return count;
  }

  double total(int index) {
    return scores.get(index).total();
  }

  /** The best non-blank candidate: highest total, lowest index on ties; -1 when none. */
  int best() {
    int best = -1;
    for (int i = 0; i < scores.size(); i++) {
      if (!blank[i] && (best < 0 || total(i) > total(best))) {
        best = i;
      }
    }
    return best;
  }

  /** The worst non-blank candidate: lowest total, highest index on ties; -1 when none. */
  int worst() {
    int worst = -1;
    for (int i = 0; i < scores.size(); i++) {
      if (!blank[i] && (worst < 0 || total(i) <= total(worst))) {
        worst = i;
      }
    }
    return worst;
  }

  /**
   * A threshold or minimum margin: a number, or -infinity for none.
   *
   * @throws IllegalArgumentException naming the setting when NaN or +infinity
   */
  static double lowerBound(String name, double value) {
    if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          name + " must be a number (or -infinity for none), got " + value);
    }
    return value;
  }

  /**
   * A score for a drop detail: 6 significant digits, trailing zeros removed (0.5, 12, 0.333333).
   */
  static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
