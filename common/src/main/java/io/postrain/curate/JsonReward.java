package io.postrain.curate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * {@code {"type": "json", "required": ["name", "age"]}}: 1 when the completion (white space around
 * it ignored, and one surrounding Markdown code fence such as {@code ```json ... ```} removed) is
 * one valid JSON value, and, when {@code required} is given, an object holding every required key;
 * else 0.
 */
public final class JsonReward implements Reward {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<String> required;

  public JsonReward(List<String> required) {
    this.required = List.copyOf(required);
  }

  @Override
  public double score(Sample sample) {
    JsonNode value = parse(unfenced(sample.completion().strip()));
    if (value == null) {
      return 0;
    }
    return required.isEmpty() || (value.isObject() && required.stream().allMatch(value::has))
        ? 1
        : 0;
  }

  /** The one JSON value {@code text} holds, or null when it is empty, invalid or has more. */
  private static JsonNode parse(String text) {
    try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
      JsonNode value = parser.readValueAsTree();
      return value != null && parser.nextToken() == null ? value : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String unfenced(String text) {
    if (text.startsWith("```") && text.endsWith("```") && text.length() >= 6) {
      int newline = text.indexOf('\n');
      if (newline > 0 && newline < text.length() - 3) {
        return text.substring(newline + 1, text.length() - 3).strip();
      }
    }
    return text;
  }
}
