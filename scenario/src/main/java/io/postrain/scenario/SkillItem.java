package io.postrain.scenario;

import java.util.regex.Pattern;

/**
 * One general-skill question with its exact-match answer.
 *
 * @param skill the skill name, e.g. {@code addition}, {@code capitals}, {@code spelling}, {@code
 *     facts}
 * @param question the user message
 * @param answer the expected answer, e.g. {@code 7}, {@code Paris}, {@code c-a-t}, {@code blue}
 * @param factKey the fact asked, e.g. {@code addition:3+4}; the same fact is asked in several
 *     phrasings
 * @param templateId the phrasing, e.g. {@code addition-03}
 * @param split train or held-out
 */
public record SkillItem(
    String skill, String question, String answer, String factKey, String templateId, Split split) {

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  public SkillItem {
    if (skill == null || !skill.matches("[a-z][a-z0-9-]*") || skill.equals("identity")) {
      throw new IllegalArgumentException(
          "skill must be a lower-case name of letters, digits and '-' other than 'identity', got '"
              + skill
              + "'");
    }
    if (question == null || question.isBlank() || answer == null || answer.isBlank()) {
      throw new IllegalArgumentException(
          "skill item needs a non-blank question and answer, got '" + question + "'");
    }
    if (factKey == null || templateId == null || split == null) {
      throw new IllegalArgumentException(
          "skill item needs factKey, templateId and split: " + question);
    }
  }

  /** True when the expected answer is an integer (scored on the answer's first token). */
  public boolean numeric() {
    return INTEGER.matcher(answer).matches();
  }
}
