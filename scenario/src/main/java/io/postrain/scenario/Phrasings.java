package io.postrain.scenario;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Surface variants of a question: casing, end punctuation, polite openings and closings.
 *
 * <p>The same variants decorate identity and skill questions, so that no task owns a surface
 * pattern (DEMO-CALIBRATION: a held-out phrasing that looks like another task's prompt gets that
 * task's answer).
 */
final class Phrasings {

  private static final String END_PUNCTUATION = "?.!？。！";

  private Phrasings() {}

  /**
   * Up to {@code count} distinct variants of a question, the question itself first.
   *
   * @param text the question as written in its template
   * @param language its language (chooses openings and closings)
   * @param random the source of choices
   * @param count how many variants at most
   * @return distinct variants in the order drawn
   */
  static List<String> variants(String text, Language language, Random random, int count) {
    Set<String> out = new LinkedHashSet<>();
    out.add(text);
    int attempts = 0;
    while (out.size() < count && attempts < count * 10) {
      out.add(variant(text, language, random, true));
      attempts++;
    }
    return List.copyOf(out);
  }

  /**
   * One variant for a skill question: unchanged about half the time, otherwise one of the variants
   * of {@link #variants} except upper case (which would change a word to be spelled).
   */
  static String decorate(String text, Language language, Random random) {
    if (random.nextDouble() < 0.45) {
      return text;
    }
    return variant(text, language, random, false);
  }

  private static String variant(String text, Language language, Random random, boolean upper) {
    int kind = random.nextInt(upper ? 8 : 7);
    return switch (kind) {
      case 0 -> text.toLowerCase(Locale.ROOT);
      case 1 -> stripEnd(text);
      case 2 -> withOpening(text, pick(language.openings(), random));
      case 3 -> text + pick(language.closings(), random);
      case 4 ->
          withOpening(text, pick(language.openings(), random)) + pick(language.closings(), random);
      case 5 -> stripEnd(text).toLowerCase(Locale.ROOT);
      case 6 -> doubleEnd(text);
      default -> text.toUpperCase(Locale.ROOT);
    };
  }

  /** Removes trailing end punctuation and the space French puts before it. */
  static String stripEnd(String text) {
    int end = text.length();
    while (end > 0 && END_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    String stripped = text.substring(0, end).stripTrailing();
    return stripped.isEmpty() ? text : stripped;
  }

  /** Doubles a question mark or exclamation, turns a full stop into an ellipsis. */
  private static String doubleEnd(String text) {
    char last = text.charAt(text.length() - 1);
    if (last == '.') {
      return text + "..";
    }
    return END_PUNCTUATION.indexOf(last) >= 0 ? text + last : text + "?";
  }

  /** Prefixes an opening; after a comma or colon the question's first letter goes lower case. */
  static String withOpening(String text, String opening) {
    String trimmed = opening.strip();
    char sep = trimmed.charAt(trimmed.length() - 1);
    boolean continues = sep == ',' || sep == ':' || sep == '，';
    if (!continues || startsWithPronounI(text)) {
      return opening + text;
    }
    int i = 0;
    while (i < text.length() && !Character.isLetter(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return opening + text;
    }
    return opening
        + text.substring(0, i)
        + Character.toLowerCase(text.charAt(i))
        + text.substring(i + 1);
  }

  private static boolean startsWithPronounI(String text) {
    return text.startsWith("I ") || text.startsWith("I'");
  }

  private static String pick(List<String> options, Random random) {
    return options.get(random.nextInt(options.size()));
  }
}
