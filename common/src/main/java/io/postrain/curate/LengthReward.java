package io.postrain.curate;

/**
 * {@code {"type": "length", "target": 64, "tolerance": 16, "unit": "words"|"chars"}}: 1 when the
 * completion's length is within {@code tolerance} of {@code target}, then falling linearly to 0 as
 * the distance beyond the tolerance reaches {@code target}:
 *
 * <pre>score = max(0, 1 - max(0, |length - target| - tolerance) / target)</pre>
 *
 * Lengths are in words (runs of letters or digits; each Chinese or Japanese character counts as one
 * word, since those scripts put no spaces between words) by default, or in characters (Unicode code
 * points) with {@code "unit": "chars"}.
 */
public final class LengthReward implements Reward {

  private final int target;
  private final int tolerance;
  private final boolean chars;

  public LengthReward(int target, int tolerance, boolean chars) {
    if (target <= 0) {
      throw new IllegalArgumentException("target must be a positive length, got " + target);
    }
    if (tolerance < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }
    this.target = target;
    this.tolerance = tolerance;
    this.chars = chars;
  }

  @Override
  public double score(Sample sample) {
    String text = sample.completion();
    int length = chars ? text.codePointCount(0, text.length()) : Words.of(text).size();
    double excess = Math.max(0, Math.abs(length - target) - tolerance);
    return Math.max(0, 1 - excess / target);
  }
}
