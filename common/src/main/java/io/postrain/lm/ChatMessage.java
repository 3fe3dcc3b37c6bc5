package io.postrain.lm;

/**
 * One turn of a chat conversation, as in the OpenAI and Hugging Face chat formats.
 *
 * @param role who speaks: {@code system}, {@code user}, {@code assistant} (or another role a chat
 *     template accepts); never blank
 * @param content what is said; never null, may be empty
 */
public record ChatMessage(String role, String content) {

  public ChatMessage {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException(
          "role must not be blank: expected system, user or assistant");
    }
    if (content == null) {
      throw new IllegalArgumentException("content must not be null (an empty string is accepted)");
    }
  }
}
