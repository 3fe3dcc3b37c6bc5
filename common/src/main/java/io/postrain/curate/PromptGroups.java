package io.postrain.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.data.RowParser;
import io.postrain.lm.template.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Streams the input of a curation run (one row in memory at a time): prompts, each with the
 * candidates already written for it. Accepted rows, one JSON object a line:
 *
 * <ul>
 *   <li>prompt-only, TRL's layout: {@code {"prompt": "..."}} or {@code {"prompt": [{"role",
 *       "content"}, ...]}}: no candidates (a model writes them);
 *   <li>prompt-completion: {@code {"prompt", "completion"}}, both strings or both message lists:
 *       one candidate;
 *   <li>prompt with n candidates: {@code {"prompt", "completions": [...]}}, each a string or a
 *       message list (its turns' contents joined by a newline);
 *   <li>conversational language modelling: {@code {"messages": [...]}}: the trailing assistant
 *       turns are the candidate, the turns before them the prompt.
 * </ul>
 *
 * Other keys are kept in {@link PromptGroup#row}. A row that fits none, or a preference row, is an
 * error naming its line: curation reads prompts and answers, not pairs.
 */
public final class PromptGroups {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The accepted layouts, for error messages. */
  public static final String LAYOUTS =
      "{\"prompt\"}, {\"prompt\", \"completion\"}, {\"prompt\", \"completions\": [...]} or"
          + " {\"messages\"} (prompt as a string or a list of {\"role\", \"content\"})";

  private PromptGroups() {}

  /**
   * Reads {@code file}, calling {@code sink} for every non-blank line.
   *
   * @return the rows read
   * @throws IllegalArgumentException "FILE line N: what is wrong" for the first broken row
   */
  public static long forEach(Path file, Consumer<PromptGroup> sink) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    long rows = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        PromptGroup group;
        try {
          group = parse(lineNo, line);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": " + e.getMessage(), e);
        }
        sink.accept(group);
        rows++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
    if (rows == 0) {
      throw new IllegalArgumentException(file + " holds no row: expected " + LAYOUTS);
    }
    return rows;
  }

  /** Counts the non-blank lines of {@code file} (for progress), without parsing them. */
  public static long count(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
  }

  /** One row; an {@link IllegalArgumentException} says what is wrong in it. */
  public static PromptGroup parse(int lineNo, String line) {
    JsonNode row;
    try {
      row = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage());
    }
    if (row == null || !row.isObject()) {
      throw new IllegalArgumentException("expected a JSON object: " + LAYOUTS);
    }
    if (row.has("chosen") || row.has("rejected")) {
      throw new IllegalArgumentException(
          "a preference row: curate reads prompts and answers (" + LAYOUTS + "), not pairs");
    }
    if (row.has("messages")) {
      return messages(lineNo, row);
    }
    if (!row.has("prompt")) {
      throw new IllegalArgumentException("no \"prompt\" or \"messages\": expected " + LAYOUTS);
    }
    if (row.has("completion") && row.has("completions")) {
      throw new IllegalArgumentException("give \"completion\" or \"completions\", not both");
    }
    JsonNode prompt = row.get("prompt");
    boolean conversational = prompt.isArray();
    List<ChatMessage> turns;
    String text;
    if (prompt.isTextual()) {
      text = prompt.asText();
      turns = List.of(ChatMessage.user(text));
    } else if (conversational) {
      turns = RowParser.messages(row, "prompt");
      text = lastUser(turns);
    } else {
      throw new IllegalArgumentException(
          "\"prompt\" must be a string or a list of {\"role\", \"content\"}");
    }
    if (turns.isEmpty() || text.isBlank() && !conversational) {
      throw new IllegalArgumentException("\"prompt\" must not be empty");
    }
    List<String> candidates = new ArrayList<>();
    if (row.has("completion")) {
      candidates.add(answer(row, "completion", row.get("completion")));
    } else if (row.has("completions")) {
      JsonNode list = row.get("completions");
      if (!list.isArray()) {
        throw new IllegalArgumentException(
            "\"completions\" must be a list of strings or of message lists");
      }
      for (int i = 0; i < list.size(); i++) {
        candidates.add(answer(row, "completions[" + i + "]", list.get(i)));
      }
    }
    return new PromptGroup(lineNo, row, turns, conversational, text, candidates);
  }

  private static PromptGroup messages(int lineNo, JsonNode row) {
    List<ChatMessage> turns = RowParser.messages(row, "messages");
    int split = turns.size();
    while (split > 0 && turns.get(split - 1).role().equals("assistant")) {
      split--;
    }
    if (split == 0) {
      throw new IllegalArgumentException("\"messages\" has no turn before the assistant's answer");
    }
    List<ChatMessage> prompt = turns.subList(0, split);
    List<String> candidates =
        split == turns.size() ? List.of() : List.of(join(turns.subList(split, turns.size())));
    return new PromptGroup(lineNo, row, prompt, true, lastUser(prompt), candidates);
  }

  /** A candidate: a string, or a message list whose contents are joined by a newline. */
  private static String answer(JsonNode row, String where, JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isArray()) {
      JsonNode wrapped = MAPPER.createObjectNode().set("completion", value);
      try {
        return join(RowParser.messages(wrapped, "completion"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            e.getMessage().replace("\"completion\"", "\"" + where + "\""), e);
      }
    }
    throw new IllegalArgumentException(
        "\"" + where + "\" must be a string or a list of {\"role\", \"content\"}");
  }

  private static String join(List<ChatMessage> turns) {
    return turns.stream().map(ChatMessage::content).collect(Collectors.joining("\n"));
  }

  private static String lastUser(List<ChatMessage> turns) {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i).role().equals("user")) {
        return turns.get(i).content();
      }
    }
    return turns.isEmpty() ? "" : turns.get(turns.size() - 1).content();
  }
}
