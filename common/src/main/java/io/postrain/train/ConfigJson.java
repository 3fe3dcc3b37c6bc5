package io.postrain.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
      if (e instanceof UnrecognizedPropertyException unknown) {
        throw new IllegalArgumentException(
            "unknown field "
                + path(unknown)
                + ": accepted are "
                + String.join(", ", new TreeSet<>(names(unknown.getKnownPropertyIds()))),
            e);
      }
      if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
        throw new IllegalArgumentException(
            path(mismatch) + " has the wrong type: " + e.getOriginalMessage(), e);
      }
      throw new IllegalArgumentException(
          "invalid " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON path of a mapping error, e.g. {@code training.numTrainEpochs}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static List<String> names(Collection<Object> ids) {
    return ids.stream().map(String::valueOf).toList();
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
