package io.postrain.curate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The candidates of one prompt scored by a reward set, with the deterministic tie rule of the
 * strategies: the best is the highest total, the lowest index among equal totals; the worst is the
 * lowest total, the highest index among equal totals (so that in a group of equal scores best and
 * worst are different candidates, the first and the last). Totals are compared exactly.
 */
final class ScoredGroup {

  private final List<RewardSet.Scores> scores;

  ScoredGroup(RewardSet rewards, List<Sample> candidates) {
    List<RewardSet.Scores> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
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

  double total(int index) {
    return scores.get(index).total();
  }

  /** The best candidate's index: highest total, lowest index on ties; -1 for an empty group. */
  int best() {
    int best = -1;
    for (int i = 0; i < scores.size(); i++) {
      if (best < 0 || total(i) > total(best)) {
        best = i;
      }
    }
    return best;
  }

  /** The worst candidate's index: lowest total, highest index on ties; -1 for an empty group. */
  int worst() {
    int worst = -1;
    for (int i = 0; i < scores.size(); i++) {
      if (worst < 0 || total(i) <= total(worst)) {
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
