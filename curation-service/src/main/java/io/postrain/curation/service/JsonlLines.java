package io.postrain.curation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.service.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads JSONL text line by line; every error names its line in the message and the offending field
 * (or the whole text's name) as its field.
 */
public final class JsonlLines {

  private JsonlLines() {}

  /**
   * Parses each non-blank line as a JSON object and maps it.
   *
   * @param text the JSONL text
   * @param source what the text is, for messages, e.g. {@code promptsJsonl}
   * @param maxLines most non-blank lines accepted
   * @param mapper maps (line number from 1, object) to a value; its {@link ApiException}s get the
   *     line number prepended
   * @throws ApiException 400 naming the line and the field
   */
  public static <T> List<T> map(
      String text, String source, int maxLines, BiFunction<Integer, JsonNode, T> mapper) {
    List<T> out = new ArrayList<>();
    String[] lines = text == null ? new String[0] : text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int lineNo = i + 1;
      if (out.size() == maxLines) {
        throw ApiException.badRequest(
            source,
            source + " has more than " + maxLines + " lines: split it into several requests");
      }
      JsonNode node = parse(lines[i], source, lineNo);
      try {
        out.add(mapper.apply(lineNo, node));
      } catch (ApiException e) {
        throw ApiException.badRequest(
            e.field() == null ? source : e.field(),
            source + " line " + lineNo + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static JsonNode parse(String line, String source, int lineNo) {
    try {
      JsonNode node = Events.mapper().readTree(line);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest(
            source, source + " line " + lineNo + ": expected one JSON object per line");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          source, source + " line " + lineNo + ": malformed JSON: " + e.getOriginalMessage());
    }
  }
}
