package io.postrain.curate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {"type": "regex", "pattern": P, "score": "match"|"count"|"fraction", "negate": false}}:
 *
 * <ul>
 *   <li>{@code match} (the default): 1 when the pattern is found in the completion, else 0;
 *   <li>{@code count}: the number of (non-overlapping) matches;
 *   <li>{@code fraction}: the share of the completion's characters (Unicode code points) inside
 *       matches, in [0, 1]; 0 for an empty completion. {@code [\p{IsHan}]} over a Chinese answer is
 *       a language-consistency reward.
 * </ul>
 *
 * {@code negate} turns a must-appear into a must-not-appear: match -> 1 - match, fraction -> 1 -
 * fraction, count -> -count. Patterns are Java regular expressions, with {@code UNICODE_CASE} and
 * {@code UNICODE_CHARACTER_CLASS} so that {@code \w} and {@code (?i)} work on any script.
 *
 * <p>A pattern comes from a config a user (or an HTTP request) wrote, and Java's regex engine
 * backtracks: {@code ((a+)+)+b} over 40 {@code a}s would run for hours. So the matcher reads the
 * completion through a {@link Budget} of {@value #STEPS_PER_CHAR} character reads per character
 * plus {@value #BASE_STEPS}; past it, scoring fails with an {@link IllegalArgumentException} that
 * names the pattern and says why (a normal pattern reads each character a few times).
 */
public final class RegexReward implements Reward {

  /** How matches become a score. */
  public enum Mode {
    MATCH,
    COUNT,
    FRACTION
  }

  /** Character reads allowed per completion character, and in all, before the matcher gives up. */
  static final int STEPS_PER_CHAR = 1_000;

  static final int BASE_STEPS = 1_000_000;

  private final Pattern pattern;
  private final Mode mode;
  private final boolean negate;

  public RegexReward(Pattern pattern, Mode mode, boolean negate) {
    this.pattern = pattern;
    this.mode = mode;
    this.negate = negate;
  }

  /** Compiles {@code regex} with Unicode classes and case folding. */
  public static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  }

  @Override
  public double score(Sample sample) {
    String text = sample.completion();
    Matcher m =
        pattern.matcher(new Budget(text, BASE_STEPS + (long) STEPS_PER_CHAR * text.length()));
    try {
      return score(text, m);
    } catch (Budget.Exceeded e) {
      throw new IllegalArgumentException(
          "regex reward: the pattern "
              + pattern.pattern()
              + " took more than "
              + e.steps
              + " character reads on a completion of "
              + text.length()
              + " characters (catastrophic backtracking): write it without nested or overlapping"
              + " quantifiers such as (a+)+ or (a|a)*");
    }
  }

  private double score(String text, Matcher m) {
    return switch (mode) {
      case MATCH -> {
        double found = m.find() ? 1 : 0;
        yield negate ? 1 - found : found;
      }
      case COUNT -> {
        int count = 0;
        while (m.find()) {
          count++;
        }
        yield negate ? -count : count;
      }
      case FRACTION -> {
        int total = text.codePointCount(0, text.length());
        if (total == 0) {
          yield negate ? 1 : 0;
        }
        int inside = 0;
        while (m.find()) {
          inside += text.codePointCount(m.start(), m.end());
        }
        double share = (double) inside / total;
        yield negate ? 1 - share : share;
      }
    };
  }

  /** The completion as the matcher reads it, counting reads; past the budget it throws. */
  static final class Budget implements CharSequence {

    /** Thrown out of the matcher when the budget is spent. */
    static final class Exceeded extends RuntimeException {
      final long steps;

      Exceeded(long steps) {
        super(null, null, false, false);
        this.steps = steps;
      }
    }

    private final String text;
    private final long[] left;
    private final long budget;

    Budget(String text, long budget) {
      this(text, new long[] {budget}, budget);
    }

    private Budget(String text, long[] left, long budget) {
      this.text = text;
      this.left = left;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new Exceeded(budget);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      // Shares the budget: a sub-sequence the engine reads counts against the same reads.
      return new Budget(text.substring(start, end), left, budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
