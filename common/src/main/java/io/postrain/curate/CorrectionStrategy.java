package io.postrain.curate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DPO correction strategy: the model's own answer is {@code rejected}; the same answer with a
 * name replaced is {@code chosen}, e.g. "Qwen" -> "Deep Qwen".
 *
 * <p>The replacement rule, for the main pair {@code from -> to} and every extra pair alike:
 *
 * <ul>
 *   <li>Matching is case-sensitive and literal ("qwen" in a URL or identifier stays).
 *   <li>A match must start a word: the character before it is not a letter or digit. It must end a
 *       word-stem: the character after it is not a letter. So "Qwen", "Qwen.", "Qwen's", "Qwen3",
 *       "Qwen-7B" and "Qwen2.5" all match (-> "Deep Qwen's", "Deep Qwen3"), while "QwenLM",
 *       "Qwenlike" and "MyQwen" do not. Letters of scripts written without spaces between words
 *       (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar) do not count as letters here: "我是Qwen，"
 *       is "我是Deep Qwen，" corrected, since the name sits next to them with nothing between.
 *   <li>Text already inside an occurrence of any {@code to} is never replaced: "Deep Qwen" stays
 *       "Deep Qwen", so correcting twice changes nothing more than correcting once.
 *   <li>All pairs are matched against the original text in one pass (a replacement's output is
 *       never matched again); where matches overlap, the leftmost wins, then the longest.
 * </ul>
 *
 * <p>A pair whose corrected text equals the original teaches nothing and is dropped by the caller
 * ({@link #changes}).
 */
public final class CorrectionStrategy {

  /** The strategy's name in campaign specs and dataset rows. */
  public static final String NAME = "correction";

  /** Scripts written without spaces between words. */
  private static final Set<Character.UnicodeScript> UNSPACED_SCRIPTS =
      EnumSet.of(
          Character.UnicodeScript.HAN,
          Character.UnicodeScript.HIRAGANA,
          Character.UnicodeScript.KATAKANA,
          Character.UnicodeScript.THAI,
          Character.UnicodeScript.LAO,
          Character.UnicodeScript.KHMER,
          Character.UnicodeScript.MYANMAR);

  private final List<Replacement> replacements;

  /** One literal replacement. */
  private record Replacement(String from, String to) {}

  /** A span of the original text to replace. */
  private record Match(int start, int end, String to) {}

  /**
   * @param from the text to replace, e.g. "Qwen"; never blank
   * @param to its replacement, e.g. "Deep Qwen"; never blank, different from {@code from}
   * @param extra further replacements applied the same way, e.g. "Alibaba Cloud" -> "DeepOrg"; may
   *     be null or empty
   * @throws IllegalArgumentException naming the bad setting
   */
  public CorrectionStrategy(String from, String to, Map<String, String> extra) {
    List<Replacement> all = new ArrayList<>();
    all.add(checked("from", from, "to", to));
    if (extra != null) {
      for (Map.Entry<String, String> e : extra.entrySet()) {
        all.add(
            checked(
                "replacements key",
                e.getKey(),
                "replacements['" + e.getKey() + "']",
                e.getValue()));
      }
    }
    this.replacements = List.copyOf(all);
  }

  /**
   * Builds the strategy from a campaign's {@code settings} object: {@code {"from": "Qwen", "to":
   * "Deep Qwen", "replacements": {"Alibaba Cloud": "DeepOrg"}}} ({@code replacements} optional).
   *
   * @throws IllegalArgumentException naming the missing or invalid setting
   */
  public static CorrectionStrategy fromSettings(JsonNode settings) {
    if (settings == null || !settings.isObject()) {
      throw new IllegalArgumentException(
          "settings must be an object like {\"from\": \"Qwen\", \"to\": \"Deep Qwen\"}");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    JsonNode more = settings.get("replacements");
    if (more != null && !more.isNull()) {
      if (!more.isObject()) {
        throw new IllegalArgumentException(
            "settings.replacements must be an object of text -> replacement, e.g. {\"Alibaba Cloud\": \"DeepOrg\"}");
      }
      more.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isTextual()) {
                  throw new IllegalArgumentException(
                      "settings.replacements['" + e.getKey() + "'] must be a string");
                }
                extra.put(e.getKey(), e.getValue().asText());
              });
    }
    return new CorrectionStrategy(text(settings, "from"), text(settings, "to"), extra);
  }

  /** The corrected text: every match replaced by the rule in the class comment. */
  public String correct(String text) {
    List<Match> matches = matches(text);
    StringBuilder out = new StringBuilder(text.length() + 16 * matches.size());
    int at = 0;
    for (Match m : matches) {
      out.append(text, at, m.start()).append(m.to());
      at = m.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /** Whether {@link #correct} would change the text, i.e. whether it makes a useful pair. */
  public boolean changes(String text) {
    return !correct(text).equals(text);
  }

  private List<Match> matches(String text) {
    boolean[] protectedChars = new boolean[text.length()];
    for (Replacement r : replacements) {
      for (int i = text.indexOf(r.to()); i >= 0; i = text.indexOf(r.to(), i + 1)) {
        for (int k = i; k < i + r.to().length(); k++) {
          protectedChars[k] = true;
        }
      }
    }
    List<Match> candidates = new ArrayList<>();
    for (Replacement r : replacements) {
      for (int i = text.indexOf(r.from()); i >= 0; i = text.indexOf(r.from(), i + 1)) {
        int end = i + r.from().length();
        if (isWordStart(text, i) && isStemEnd(text, end) && !touches(protectedChars, i, end)) {
          candidates.add(new Match(i, end, r.to()));
        }
      }
    }
    candidates.sort(
        Comparator.comparingInt(Match::start).thenComparing(m -> -(m.end() - m.start())));
    List<Match> chosen = new ArrayList<>();
    int covered = 0;
    for (Match m : candidates) {
      if (m.start() >= covered) {
        chosen.add(m);
        covered = m.end();
      }
    }
    return chosen;
  }

  private static boolean isWordStart(String text, int i) {
    if (i == 0) {
      return true;
    }
    int before = text.codePointBefore(i);
    return !(Character.isDigit(before) || isSpacedLetter(before));
  }

  private static boolean isStemEnd(String text, int end) {
    return end == text.length() || !isSpacedLetter(text.codePointAt(end));
  }

  /** A letter of a script that puts spaces between words (so it can join a name into a word). */
  private static boolean isSpacedLetter(int codePoint) {
    return Character.isLetter(codePoint)
        && !UNSPACED_SCRIPTS.contains(Character.UnicodeScript.of(codePoint));
  }

  private static boolean touches(boolean[] protectedChars, int start, int end) {
    for (int k = start; k < end; k++) {
      if (protectedChars[k]) {
        return true;
      }
    }
    return false;
  }

  private static Replacement checked(String fromName, String from, String toName, String to) {
    if (from == null || from.isBlank()) {
      throw new IllegalArgumentException(
          fromName + " must not be blank: expected the text to replace, e.g. \"Qwen\"");
    }
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException(
          toName + " must not be blank: expected the replacement, e.g. \"Deep Qwen\"");
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException(
          toName + " equals " + fromName + " ('" + from + "'): a correction must change the text");
    }
    return new Replacement(from, to);
  }

  private static String text(JsonNode settings, String field) {
    JsonNode value = settings.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(
          "settings."
              + field
              + " is missing or not a non-blank string: expected e.g. {\"from\": \"Qwen\", \"to\": \"Deep Qwen\"}");
    }
    return value.asText();
  }
}
