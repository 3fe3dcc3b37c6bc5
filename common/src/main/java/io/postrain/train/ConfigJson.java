package io.postrain.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON for the config records: all fields written; on reading, absent fields keep the method's
 * defaults and unknown fields are refused.
 */
final class ConfigJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ConfigJson() {}

  static String write(Object config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + config.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads {@code json} over the JSON form of {@code defaults}.
   *
   * @throws IllegalArgumentException on malformed JSON, an unknown field or an invalid value, with
   *     the validation message of the record
   */
  static <T> T read(String json, T defaults, Class<T> type) {
    try {
      JsonNode given = MAPPER.readTree(json);
      if (given == null || !given.isObject()) {
        throw new IllegalArgumentException(
            type.getSimpleName() + " JSON must be an object (got: " + json + ")");
      }
      ObjectNode merged = MAPPER.valueToTree(defaults);
      merge(merged, (ObjectNode) given);
      return MAPPER.treeToValue(merged, type);
    } catch (JsonProcessingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      if (root instanceof IllegalArgumentException iae) {
        throw new IllegalArgumentException(iae.getMessage(), e);
      }
      throw new IllegalArgumentException(
          "invalid " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void merge(ObjectNode target, ObjectNode source) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
        merge(existingObject, (ObjectNode) field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }
}
