package io.postrain.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.template.ChatMessage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes examples as JSONL in TRL's formats: conversational SFT as {@code {"messages"}} (empty
 * prompt) or {@code {"prompt", "completion"}} message lists; plain text as {@code {"text"}} or
 * string {@code {"prompt", "completion"}}; preference pairs as explicit-prompt {@code {"prompt",
 * "chosen", "rejected"}}. {@link JsonlReader} reads every file written here back to equal records.
 */
public final class JsonlWriter {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonlWriter() {}

  /**
   * Writes {@code examples} to {@code file}, one row per line, replacing the file. One layout per
   * file: {@code messages} / {@code text} when every prompt is empty, else {@code prompt} + {@code
   * completion} for every row.
   *
   * @throws IllegalArgumentException when conversational and plain-text examples are mixed
   */
  public static void writeSft(Path file, List<SftExample> examples) {
    if (examples.stream().map(Object::getClass).distinct().count() > 1) {
      throw new IllegalArgumentException(
          "a data set file holds one kind: conversational or plain-text examples, not both");
    }
    boolean promptCompletion = examples.stream().anyMatch(JsonlWriter::hasPrompt);
    write(file, examples.stream().map(e -> sftRow(e, promptCompletion)).toList());
  }

  /**
   * Writes {@code pairs} to {@code file}, one row per line, replacing the file.
   *
   * @throws IllegalArgumentException when conversational and plain-text pairs are mixed
   */
  public static void writePreference(Path file, List<PreferenceExample> pairs) {
    if (pairs.stream().map(Object::getClass).distinct().count() > 1) {
      throw new IllegalArgumentException(
          "a data set file holds one kind: conversational or plain-text pairs, not both");
    }
    write(file, pairs.stream().map(JsonlWriter::preferenceRow).toList());
  }

  /**
   * The JSON row of one SFT example: {@code messages} / {@code text} when its prompt is empty, else
   * {@code prompt} + {@code completion}.
   */
  public static ObjectNode sftRow(SftExample example) {
    return sftRow(example, hasPrompt(example));
  }

  private static boolean hasPrompt(SftExample example) {
    if (example instanceof SftExample.Conversation c) {
      return !c.prompt().isEmpty();
    }
    return !((SftExample.PlainText) example).prompt().isEmpty();
  }

  private static ObjectNode sftRow(SftExample example, boolean promptCompletion) {
    ObjectNode row = MAPPER.createObjectNode();
    if (example instanceof SftExample.Conversation c) {
      if (!promptCompletion) {
        row.set("messages", messages(c.completion()));
      } else {
        row.set("prompt", messages(c.prompt()));
        row.set("completion", messages(c.completion()));
      }
    } else if (example instanceof SftExample.PlainText t) {
      if (!promptCompletion) {
        row.put("text", t.completion());
      } else {
        row.put("prompt", t.prompt());
        row.put("completion", t.completion());
      }
    }
    return row;
  }

  /** The JSON row of one preference pair. */
  public static ObjectNode preferenceRow(PreferenceExample pair) {
    ObjectNode row = MAPPER.createObjectNode();
    if (pair instanceof PreferenceExample.Conversation c) {
      row.set("prompt", messages(c.prompt()));
      row.set("chosen", messages(c.chosen()));
      row.set("rejected", messages(c.rejected()));
    } else if (pair instanceof PreferenceExample.PlainText t) {
      row.put("prompt", t.prompt());
      row.put("chosen", t.chosen());
      row.put("rejected", t.rejected());
    }
    return row;
  }

  private static ArrayNode messages(List<ChatMessage> messages) {
    ArrayNode list = MAPPER.createArrayNode();
    for (ChatMessage m : messages) {
      list.addObject().put("role", m.role()).put("content", m.content());
    }
    return list;
  }

  private static void write(Path file, List<ObjectNode> rows) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ObjectNode row : rows) {
        out.write(MAPPER.writeValueAsString(row));
        out.write('\n');
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a data set row", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write data set " + file, e);
    }
  }
}
