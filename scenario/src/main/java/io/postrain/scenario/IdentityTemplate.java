package io.postrain.scenario;

/**
 * One identity question as written, before its surface variants are drawn.
 *
 * @param id stable id, e.g. {@code en-001}; the unit of the train/held-out split
 * @param language the language of the question and of its answers
 * @param text the question
 * @param denial true when the question asks whether the model is someone else ("Are you ChatGPT?"),
 *     answered with a "No, I am ..." answer
 */
public record IdentityTemplate(String id, Language language, String text, boolean denial) {

  public IdentityTemplate {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("template id must be non-blank");
    }
    if (language == null) {
      throw new IllegalArgumentException("template " + id + " needs a language");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("template " + id + " needs a non-blank question");
    }
  }
}
