package io.postrain.scenario;

import java.util.Locale;

/**
 * Scores model answers.
 *
 * <p>Identity: names are matched case-insensitively (both sides lower-cased with {@link
 * Locale#ROOT}) after collapsing every run of whitespace in the answer to one space, as plain
 * substrings (no word boundaries: "Qwen2" contains "Qwen"). An occurrence of {@code oldName} counts
 * as part of {@code newName} when it lies entirely inside an occurrence of {@code newName} ("Qwen"
 * inside "Deep Qwen"). Then:
 *
 * <ul>
 *   <li>{@link #namesNewIdentity}: at least one {@code newName} occurrence and no {@code oldName}
 *       occurrence outside one. "I am Deep Qwen" yes; "I am Qwen" no; "I am Deep Qwen, not Qwen"
 *       no; "i am DEEP QWEN" yes; "I am DeepQwen" no.
 *   <li>{@link #namesOldIdentity}: some {@code oldName} occurrence outside every {@code newName}
 *       occurrence. "I am Qwen" yes; "I am Deep Qwen" no; "I am Deep Qwen, not Qwen" yes.
 * </ul>
 *
 * The two are never both true. The organisation name plays no part.
 *
 * <p>Skills: both sides are normalised: trimmed, whitespace runs collapsed to one space, lower
 * case, then trailing punctuation ({@code . , ! ? ; :} and their full-width forms) and spaces
 * removed. A non-numeric answer is correct iff the normalised strings are equal ("Paris." and
 * "paris" match "Paris"; "Paris, France" does not). A numeric expected answer (an integer) is
 * correct iff the first space-separated token of the normalised answer, with its trailing
 * punctuation removed, equals it: "7", "7.", "7 days" match 7; "The answer is 7", "17", "07" and
 * "7.5" do not.
 */
public final class Scoring {

  private static final String TRAILING = ".,!?;:。，！？；：";

  private Scoring() {}

  /** True when the answer claims the new identity and not the old one (see class doc). */
  public static boolean namesNewIdentity(String answer, ScenarioNames names) {
    String text = fold(requireAnswer(answer));
    String newName = fold(names.newName());
    return text.contains(newName)
        && !oldOutside(text, fold(names.oldName()), coveredBy(text, newName));
  }

  /** True when the answer names the old identity outside the new name (see class doc). */
  public static boolean namesOldIdentity(String answer, ScenarioNames names) {
    String text = fold(requireAnswer(answer));
    return oldOutside(text, fold(names.oldName()), coveredBy(text, fold(names.newName())));
  }

  /** True when the answer matches the item's expected answer (see class doc). */
  public static boolean skillCorrect(SkillItem item, String answer) {
    return matchesExpected(item.answer(), answer);
  }

  /**
   * True when an answer matches an expected answer under the skill rules (see class doc).
   *
   * @param expected the expected answer; an integer selects the numeric rule
   * @param answer the model's answer
   * @return the verdict
   */
  public static boolean matchesExpected(String expected, String answer) {
    String got = normalise(requireAnswer(answer));
    String want = normalise(expected);
    if (want.matches("-?\\d+")) {
      int space = got.indexOf(' ');
      String first = stripTrailing(space < 0 ? got : got.substring(0, space));
      return first.equals(want);
    }
    return got.equals(want);
  }

  /** Trim, collapse whitespace, lower case, strip trailing punctuation and spaces. */
  static String normalise(String text) {
    return stripTrailing(fold(text.strip()));
  }

  /** Marks the characters of the text that lie inside an occurrence of the name. */
  private static boolean[] coveredBy(String text, String name) {
    boolean[] covered = new boolean[text.length()];
    for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      for (int j = i; j < i + name.length(); j++) {
        covered[j] = true;
      }
    }
    return covered;
  }

  private static boolean oldOutside(String text, String oldName, boolean[] covered) {
    for (int i = text.indexOf(oldName); i >= 0; i = text.indexOf(oldName, i + 1)) {
      for (int j = i; j < i + oldName.length(); j++) {
        if (!covered[j]) {
          return true;
        }
      }
    }
    return false;
  }

  private static String fold(String text) {
    return text.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static String stripTrailing(String text) {
    int end = text.length();
    while (end > 0
        && (TRAILING.indexOf(text.charAt(end - 1)) >= 0 || text.charAt(end - 1) == ' ')) {
      end--;
    }
    return text.substring(0, end);
  }

  private static String requireAnswer(String answer) {
    if (answer == null) {
      throw new IllegalArgumentException(
          "an answer to score must be a string (maybe empty), not null");
    }
    return answer;
  }
}
