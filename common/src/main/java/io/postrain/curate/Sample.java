package io.postrain.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * One completion to score: the conversation it answers, its text, and the data set row it came from
 * (for rewards that read a field of the row, such as {@code exact}).
 *
 * @param prompt the turns before the completion (may be empty)
 * @param completion the completion's text (for a conversation: its assistant turns, joined by a
 *     newline)
 * @param row the JSON row of the prompt, never null (an empty object when there is none)
 */
public record Sample(List<ChatMessage> prompt, String completion, JsonNode row) {

  public Sample {
    prompt = List.copyOf(prompt);
    if (completion == null) {
      throw new IllegalArgumentException("a sample needs a completion text (may be empty)");
    }
    row = row == null ? JsonNodeFactory.instance.objectNode() : row;
  }

  /** A sample answering one user turn, with no row. */
  public static Sample of(String user, String completion) {
    return new Sample(List.of(ChatMessage.user(user)), completion, null);
  }

  /** The prompt as text: the content of its last user turn, or "" when it has none. */
  public String promptText() {
    for (int i = prompt.size() - 1; i >= 0; i--) {
      if (prompt.get(i).role().equals("user")) {
        return prompt.get(i).content();
      }
    }
    return "";
  }
}
