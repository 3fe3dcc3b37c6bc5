package io.postrain.inference.service;

import io.postrain.lm.template.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * What a chat template renders: the turns as template maps (role, content, and for assistant turns
 * {@code tool_calls}, for tool turns {@code tool_call_id}) and the tool definitions.
 *
 * @param messages at least one turn
 * @param tools tool definitions in OpenAI's shape ({@code {type: function, function: {...}}}), or
 *     empty for none
 */
public record ChatInput(List<Map<String, Object>> messages, List<Map<String, Object>> tools) {

  public ChatInput {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** Plain-text turns without tools. */
  public static ChatInput of(List<ChatMessage> messages) {
    return new ChatInput(messages.stream().map(ChatMessage::toMap).toList(), List.of());
  }
}
