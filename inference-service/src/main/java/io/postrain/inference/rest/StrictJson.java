package io.postrain.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.postrain.service.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads request bodies strictly: a field the body type does not declare is refused by name, and no
 * value is coerced ({@code 3.7} or {@code "3"} for an integer is refused, not truncated or parsed).
 * Every failure is a 400 {@link ApiException} naming the field as a JSON path.
 */
final class StrictJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private StrictJson() {}

  /**
   * Parses a body.
   *
   * @param unsupported fields OpenAI defines that the service refuses, each with the reason
   */
  static <T> T read(byte[] body, Class<T> type, Map<String, String> unsupported) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest(null, "request body is missing: expected a JSON object");
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      String reason = unsupported.get(field);
      if (reason != null) {
        throw ApiException.badRequest(field, field + " is not supported: " + reason);
      }
      TreeSet<String> known = new TreeSet<>();
      e.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
      throw ApiException.badRequest(
          field, "unknown field " + field + ": accepted fields here are " + known);
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw ApiException.badRequest(
          field,
          (field == null ? "the body" : field) + " has the wrong type: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          null, "malformed JSON in the request body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("reading a request body held in memory", e);
    }
  }

  /** The JSON path of the failing value, e.g. {@code messages[0].role}; null for the root. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
