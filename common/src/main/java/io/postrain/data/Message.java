package io.postrain.data;

import java.util.Set;

/**
 * One chat turn, as in TRL's conversational data sets: {@code {"role": ..., "content": ...}}.
 *
 * @param role one of {@link #ROLES}
 * @param content the text of the turn; may be empty, never null
 */
public record Message(String role, String content) {

  /** The roles a conversation may use. */
  public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  public Message {
    if (role == null || !ROLES.contains(role)) {
      throw new IllegalArgumentException(
          "message role must be one of system, user, assistant, tool (got '" + role + "')");
    }
    if (content == null) {
      throw new IllegalArgumentException("message content must be a string (got null)");
    }
  }

  /** A system turn. */
  public static Message system(String content) {
    return new Message("system", content);
  }

  /** A user turn. */
  public static Message user(String content) {
    return new Message("user", content);
  }

  /** An assistant turn. */
  public static Message assistant(String content) {
    return new Message("assistant", content);
  }
}
