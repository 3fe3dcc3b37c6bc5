package io.postrain.scenario;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whether the scenario succeeded: pass iff the held-out identity rate after training is at least
 * {@link #MIN_IDENTITY_RATE} and the overall skill retention fell by at most {@link
 * #MAX_RETENTION_DROP_POINTS} percentage points. Both bounds are inclusive, compared with a
 * tolerance of {@link #TOLERANCE} so that exactly 0.9 and exactly 5.0 points pass despite
 * floating-point rounding. Per-skill changes are reported (in the sentence and in {@code
 * skillDropPoints}) but do not decide.
 *
 * @param pass the decision
 * @param identityNewRateAfter held-out identity answers naming the new identity, after
 * @param retentionBefore overall skill accuracy before
 * @param retentionAfter overall skill accuracy after
 * @param retentionDropPoints (before - after) x 100; negative when skills improved
 * @param skillDropPoints the same per skill present in both reports
 * @param sentence a human sentence stating the decision, the figures and every skill
 */
public record Verdict(
    boolean pass,
    double identityNewRateAfter,
    double retentionBefore,
    double retentionAfter,
    double retentionDropPoints,
    SortedMap<String, Double> skillDropPoints,
    String sentence) {

  /** The identity rate after training needed to pass. */
  public static final double MIN_IDENTITY_RATE = 0.9;

  /** The largest overall retention drop, in percentage points, that still passes. */
  public static final double MAX_RETENTION_DROP_POINTS = 5.0;

  /** Tolerance of the two threshold comparisons. */
  public static final double TOLERANCE = 1e-9;

  public Verdict {
    skillDropPoints = Collections.unmodifiableSortedMap(new TreeMap<>(skillDropPoints));
    if (sentence == null || sentence.isBlank()) {
      throw new IllegalArgumentException("a verdict needs a sentence");
    }
  }
}
