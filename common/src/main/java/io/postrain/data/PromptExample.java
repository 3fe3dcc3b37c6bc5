package io.postrain.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * One row of TRL's prompt-only layout, {@code {"prompt": ...}}, for online methods (GRPO): the
 * prompt is a text (used as it stands) or a message list (rendered with the chat template and a
 * generation prompt). The whole row is kept, so that rewards can read its other columns (such as
 * {@code answer} for an {@code exact} reward).
 *
 * @param messages the prompt turns, or null for a text prompt
 * @param text the prompt text, or null for a conversational prompt
 * @param row the JSON row as read
 */
public record PromptExample(List<ChatMessage> messages, String text, JsonNode row) {

  public PromptExample {
    if ((messages == null) == (text == null)) {
      throw new IllegalArgumentException("a prompt is either a text or a message list");
    }
    if (messages != null && messages.isEmpty()) {
      throw new IllegalArgumentException("a conversational prompt needs at least one message");
    }
    messages = messages == null ? null : List.copyOf(messages);
    row = row == null ? JsonNodeFactory.instance.objectNode() : row;
  }

  /** Whether the prompt is a message list. */
  public boolean conversational() {
    return messages != null;
  }

  /** The prompt as turns: the messages, or the text as one user turn. */
  public List<ChatMessage> turns() {
    return messages != null ? messages : List.of(ChatMessage.user(text));
  }
}
