package io.postrain.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.InvalidEventException;
import io.postrain.events.PromptEvent;
import io.postrain.events.SamplingParams;
import io.postrain.lm.template.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSONL file of prompts into {@link PromptEvent}s. Each non-blank line is one object with
 * the conversation as {@code messages} ([{role, content}, ...]), or {@code prompt} (one user turn),
 * or {@code user} with an optional {@code system}; optional {@code model} (overrides the default)
 * and {@code sampling} ({@link SamplingParams} JSON, camelCase).
 */
final class PromptRows {

  private PromptRows() {}

  /**
   * @param defaultModel the model for rows without {@code model}, or null
   * @param defaultSampling sampling for rows without {@code sampling}
   * @throws IllegalArgumentException naming the line and what was wrong
   */
  static List<PromptEvent> read(Path file, String defaultModel, SamplingParams defaultSampling)
      throws IOException {
    List<PromptEvent> prompts = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        prompts.add(row(lines.get(i), defaultModel, defaultSampling));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException(
          file + " holds no prompt: expected one JSON object a line");
    }
    return prompts;
  }

  static PromptEvent row(String line, String defaultModel, SamplingParams defaultSampling) {
    JsonNode node;
    try {
      node = Events.mapper().readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with messages, prompt or user");
    }
    String model = node.hasNonNull("model") ? node.get("model").asText() : defaultModel;
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("no model: give --model or a \"model\" field");
    }
    SamplingParams sampling =
        node.hasNonNull("sampling")
            ? parse(node.get("sampling").toString(), SamplingParams.class)
            : defaultSampling;
    return PromptEvent.create(null, model, messages(node), sampling, Map.of());
  }

  private static List<ChatMessage> messages(JsonNode node) {
    if (node.has("messages")) {
      List<ChatMessage> messages = new ArrayList<>();
      JsonNode list = node.get("messages");
      if (!list.isArray() || list.isEmpty()) {
        throw new IllegalArgumentException("messages must be a non-empty list of {role, content}");
      }
      for (JsonNode m : list) {
        messages.add(
            new ChatMessage(
                m.hasNonNull("role") ? m.get("role").asText() : null,
                m.hasNonNull("content") ? m.get("content").asText() : null));
      }
      return messages;
    }
    String user =
        node.hasNonNull("prompt")
            ? node.get("prompt").asText()
            : node.hasNonNull("user") ? node.get("user").asText() : null;
    if (user == null) {
      throw new IllegalArgumentException("expected messages, prompt or user");
    }
    List<ChatMessage> messages = new ArrayList<>();
    if (node.hasNonNull("system")) {
      messages.add(ChatMessage.system(node.get("system").asText()));
    }
    messages.add(ChatMessage.user(user));
    return messages;
  }

  private static <T> T parse(String json, Class<T> type) {
    try {
      return Events.parse(json, type);
    } catch (InvalidEventException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
