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
 */
public final class RegexReward implements Reward {

  /** How matches become a score. */
  public enum Mode {
    MATCH,
    COUNT,
    FRACTION
  }

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
    Matcher m = pattern.matcher(text);
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
}
