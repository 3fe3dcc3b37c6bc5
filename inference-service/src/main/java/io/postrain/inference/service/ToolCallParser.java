package io.postrain.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads function calls out of an answer in the Qwen / Hermes format that Qwen3's chat template asks
 * for: {@code <tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>}, any number of them. An
 * answer whose blocks are not all such JSON objects (e.g. cut off by max_tokens) is taken as plain
 * text, with no calls.
 */
public final class ToolCallParser {

  /** Where a call begins; a stream holds back text from here on. */
  public static final String OPEN = "<tool_call>";

  private static final Pattern BLOCK =
      Pattern.compile("<tool_call>(.*?)</tool_call>", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolCallParser() {}

  /**
   * One parsed call.
   *
   * @param name the function's name
   * @param arguments its arguments, a JSON object as compact text
   */
  public record Call(String name, String arguments) {}

  /**
   * An answer split into text and calls.
   *
   * @param content the text outside the call blocks, stripped; null when none is left
   * @param calls the calls in order; empty when there are none
   */
  public record Parsed(String content, List<Call> calls) {}

  /** Splits an answer into its text and its calls. */
  public static Parsed parse(String text) {
    Matcher m = BLOCK.matcher(text);
    List<Call> calls = new ArrayList<>();
    StringBuilder rest = new StringBuilder();
    int end = 0;
    while (m.find()) {
      Call call = call(m.group(1));
      if (call == null) {
        return new Parsed(text, List.of());
      }
      calls.add(call);
      rest.append(text, end, m.start());
      end = m.end();
    }
    if (calls.isEmpty()) {
      return new Parsed(text, List.of());
    }
    rest.append(text.substring(end));
    String content = rest.toString().strip();
    return new Parsed(content.isEmpty() ? null : content, List.copyOf(calls));
  }

  private static Call call(String block) {
    JsonNode node;
    try {
      node = JSON.readTree(block.strip());
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.path("name").isTextual()) {
      return null;
    }
    JsonNode arguments = node.path("arguments");
    if (arguments.isTextual()) { // some models write the arguments as a JSON string
      try {
        arguments = JSON.readTree(arguments.asText());
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    if (!arguments.isObject()) {
      return null;
    }
    return new Call(node.get("name").asText(), arguments.toString());
  }
}
