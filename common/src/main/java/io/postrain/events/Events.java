package io.postrain.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.UUID;

/**
 * JSON encoding of the postrain events: one shared {@link ObjectMapper} and a {@link #parse} that
 * turns every kind of bad payload into an {@link InvalidEventException} naming the field.
 *
 * <p>The encoding: camelCase field names, timestamps as ISO-8601 strings, null fields left out,
 * unknown fields ignored when reading (a newer producer may add fields; it bumps {@link
 * #SCHEMA_VERSION} only for changes an older consumer would misread).
 */
public final class Events {

  /** The schema version every event of this release carries. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Events() {}

  /** The shared mapper; thread-safe for reading and writing, never to be reconfigured. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A fresh random event id (a UUID). */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Writes an event (or any value) as compact JSON.
   *
   * @throws IllegalArgumentException if the value cannot be written, which for the event records is
   *     a programming error
   */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one event from JSON and validates it.
   *
   * @param json the payload, one JSON object
   * @param type the event record to read, e.g. {@code ResponseEvent.class}
   * @return the validated event
   * @throws InvalidEventException naming the missing or invalid field, or saying why the JSON is
   *     unreadable
   */
  public static <T> T parse(String json, Class<T> type) {
    String what = type.getSimpleName();
    if (json == null || json.isBlank()) {
      throw new InvalidEventException(null, "empty payload: expected a JSON object for " + what);
    }
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new InvalidEventException(
            null, "payload is JSON null: expected an object for " + what);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw describe(e, what);
    }
  }

  /**
   * Translates a Jackson reading error into an {@link InvalidEventException} naming the field: a
   * failed validation in a record's constructor, a value of the wrong type, or malformed JSON.
   *
   * @param e the error Jackson threw while reading
   * @param what the name of the value being read, for the message, e.g. {@code ResponseEvent}
   */
  public static InvalidEventException describe(JsonProcessingException e, String what) {
    if (e instanceof ValueInstantiationException vie) {
      return fromConstructor(vie, what);
    }
    if (e instanceof UnrecognizedPropertyException upe) {
      String field = path(upe);
      java.util.TreeSet<String> known = new java.util.TreeSet<>();
      upe.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
      return new InvalidEventException(
          field,
          "unknown field " + field + " in the " + what + ": accepted fields here are " + known,
          e);
    }
    if (e instanceof MismatchedInputException mie) {
      String field = path(mie);
      return new InvalidEventException(
          field,
          what
              + (field == null ? "" : "." + field)
              + " has the wrong type: "
              + mie.getOriginalMessage(),
          e);
    }
    return new InvalidEventException(
        null, "malformed JSON for " + what + ": " + e.getOriginalMessage() + location(e), e);
  }

  private static InvalidEventException fromConstructor(ValueInstantiationException e, String what) {
    String path = path(e);
    Throwable cause = e.getCause();
    if (cause instanceof InvalidEventException invalid) {
      String field = join(path, invalid.field());
      String message = invalid.getMessage();
      if (path != null) {
        message = path + "." + message;
      }
      return new InvalidEventException(field, what + ": " + message, e);
    }
    String detail = cause == null ? e.getOriginalMessage() : cause.getMessage();
    return new InvalidEventException(
        path, what + ": " + (path == null ? "" : path + ": ") + detail, e);
  }

  private static String join(String path, String field) {
    if (path == null) {
      return field;
    }
    if (field == null) {
      return path;
    }
    return path + "." + field;
  }

  /** The JSON path of a mapping error, e.g. {@code messages[0].role}, or null at the root. */
  private static String path(JsonMappingException e) {
    List<JsonMappingException.Reference> refs = e.getPath();
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static String location(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return "";
    }
    return " (line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr()
        + ")";
  }
}
