package io.postrain.lm.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One chat turn with plain text content, as chat templates and the OpenAI / Hugging Face chat
 * formats see it: {@code {"role": ..., "content": ...}}.
 *
 * @param role who speaks: {@code system}, {@code user}, {@code assistant} or {@code tool}
 *     (templates may accept others); never blank
 * @param content the text of the turn; may be empty, never null
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

  /** A system turn. */
  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  /** A user turn. */
  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  /** An assistant turn. */
  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }

  /** The message as the mutable map a template receives: {@code {role, content}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }
}
