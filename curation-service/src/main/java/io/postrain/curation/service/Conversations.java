package io.postrain.curation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.ApiException;
import java.util.ArrayList;
import java.util.List;

/** Chat messages to and from JSON: database columns and user-supplied JSONL lines. */
public final class Conversations {

  private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {};

  private Conversations() {}

  /** Messages as a JSON array for a database column. */
  public static String toJson(List<ChatMessage> messages) {
    return Events.toJson(messages);
  }

  /** Messages from a database column; null stays null. */
  public static List<ChatMessage> fromJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Events.mapper().readValue(json, MESSAGES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored messages are not a JSON message list: " + json, e);
    }
  }

  /** Messages as a JSON tree, for export rows. */
  public static JsonNode toTree(List<ChatMessage> messages) {
    return Events.mapper().valueToTree(messages);
  }

  /**
   * Reads a user-supplied conversation: an array of {@code {role, content}} objects, or a plain
   * string, which becomes one message with {@code stringRole}.
   *
   * @param field the field's name for messages, e.g. {@code chosen}
   * @throws ApiException 400 naming the field and saying what is accepted
   */
  public static List<ChatMessage> read(JsonNode node, String field, String stringRole) {
    if (node == null || node.isNull()) {
      throw ApiException.badRequest(field, field + " is missing");
    }
    if (node.isTextual()) {
      return List.of(new ChatMessage(stringRole, node.asText()));
    }
    if (!node.isArray() || node.isEmpty()) {
      throw ApiException.badRequest(
          field,
          field + " must be a non-empty array of {\"role\", \"content\"} objects, or a string");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      String at = field + "[" + i + "]";
      if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual()) {
        throw ApiException.badRequest(
            at, at + " must be an object with string fields role and content");
      }
      try {
        messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(at, at + ": " + e.getMessage());
      }
    }
    return List.copyOf(messages);
  }
}
