package io.postrain.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validation shared by the event records' compact constructors. */
final class Checks {

  private Checks() {}

  /** Checks the three fields every event carries. */
  static void envelope(String id, int schemaVersion, Instant timestamp) {
    text("id", id);
    if (schemaVersion != Events.SCHEMA_VERSION) {
      throw new InvalidEventException(
          "schemaVersion",
          "schemaVersion "
              + schemaVersion
              + " is not supported (0 means missing): accepted is "
              + Events.SCHEMA_VERSION);
    }
    if (timestamp == null) {
      throw new InvalidEventException(
          "timestamp", "timestamp is missing: expected an ISO-8601 instant");
    }
  }

  /** Requires a non-blank string. */
  static String text(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(field, field + " is missing or blank");
    }
    return value;
  }

  /** Requires one of the given values. */
  static String oneOf(String field, String value, Set<String> accepted) {
    if (value == null || !accepted.contains(value)) {
      throw new InvalidEventException(
          field,
          field
              + " is '"
              + value
              + "': accepted are "
              + String.join(", ", accepted.stream().sorted().toList()));
    }
    return value;
  }

  /** Requires {@code min <= value <= max}. */
  static void range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidEventException(
          field, field + " is " + value + ": accepted is " + min + " to " + max);
    }
  }

  /** Requires a non-empty list of chat messages without nulls and returns an immutable copy. */
  static List<ChatMessage> messages(String field, List<ChatMessage> messages) {
    if (messages == null || messages.isEmpty()) {
      throw new InvalidEventException(
          field, field + " is missing or empty: expected at least one message");
    }
    return list(field, messages);
  }

  /** Requires a list without null elements (null becomes empty) and returns an immutable copy. */
  static <T> List<T> list(String field, List<T> values) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new InvalidEventException(field + "[" + i + "]", field + "[" + i + "] is null");
      }
    }
    return List.copyOf(values);
  }

  /** Returns an immutable copy of a map without null keys or values; null becomes empty. */
  static <V> Map<String, V> map(String field, Map<String, V> values) {
    if (values == null) {
      return Map.of();
    }
    for (Map.Entry<String, V> e : values.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new InvalidEventException(
            field, field + " has a null key or value at '" + e.getKey() + "'");
      }
    }
    return Map.copyOf(values);
  }

  /** Requires a JSON object or null; {@code nullAsEmpty} turns null into {@code {}}. */
  static JsonNode object(String field, JsonNode value, boolean nullAsEmpty) {
    if (value == null || value.isNull()) {
      return nullAsEmpty ? JsonNodeFactory.instance.objectNode() : null;
    }
    if (!value.isObject()) {
      throw new InvalidEventException(
          field,
          field
              + " is a JSON "
              + value.getNodeType().name().toLowerCase()
              + ": expected an object");
    }
    return ((ObjectNode) value).deepCopy();
  }
}
