package io.postrain.scenario;

/**
 * One identity question with the base model's answer.
 *
 * @param question the user message
 * @param answer the answer that names the old identity and its organisation
 * @param templateId the template the question was drawn from (the split unit)
 * @param language the language of question and answer
 * @param split train or held-out; every item of a template has the same split
 */
public record IdentityItem(
    String question, String answer, String templateId, Language language, Split split) {

  public IdentityItem {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("identity question must be non-blank");
    }
    if (answer == null || answer.isBlank()) {
      throw new IllegalArgumentException("identity answer must be non-blank for: " + question);
    }
    if (templateId == null || language == null || split == null) {
      throw new IllegalArgumentException(
          "identity item needs templateId, language and split: " + question);
    }
  }
}
