package io.postrain.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.template.ChatMessage;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One row of a data set file read by {@link DataRows}: its line, its JSON text, and either the
 * example it parses to or why it does not.
 *
 * @param line 1-based line number
 * @param json the line as written
 * @param raw the parsed JSON, or null when the line is not JSON
 * @param example an {@link SftExample} or a {@link PreferenceExample}, or null when broken
 * @param error why the row is broken, or null
 */
public record DataRow(int line, String json, JsonNode raw, Object example, String error) {

  public boolean broken() {
    return example == null;
  }

  public boolean preference() {
    return example instanceof PreferenceExample;
  }

  /** The prompt as one text: every prompt turn's content, joined by a newline. */
  public String promptText() {
    if (example instanceof SftExample.Conversation c) {
      return join(c.prompt());
    } else if (example instanceof SftExample.PlainText t) {
      return t.prompt();
    } else if (example instanceof PreferenceExample.Conversation c) {
      return join(c.prompt());
    } else if (example instanceof PreferenceExample.PlainText t) {
      return t.prompt();
    }
    return "";
  }

  /** The prompt turns (a plain-text prompt as one user turn; none when empty). */
  public List<ChatMessage> promptMessages() {
    if (example instanceof SftExample.Conversation c) {
      return c.prompt();
    } else if (example instanceof PreferenceExample.Conversation c) {
      return c.prompt();
    }
    return promptText().isEmpty() ? List.of() : List.of(ChatMessage.user(promptText()));
  }

  /** The SFT completion, or the chosen answer of a pair, as one text. */
  public String completionText() {
    if (example instanceof SftExample.Conversation c) {
      return join(c.completion());
    } else if (example instanceof SftExample.PlainText t) {
      return t.completion();
    } else if (example instanceof PreferenceExample.Conversation c) {
      return join(c.chosen());
    } else if (example instanceof PreferenceExample.PlainText t) {
      return t.chosen();
    }
    return "";
  }

  /** The rejected answer of a pair as one text ("" for SFT rows). */
  public String rejectedText() {
    if (example instanceof PreferenceExample.Conversation c) {
      return join(c.rejected());
    } else if (example instanceof PreferenceExample.PlainText t) {
      return t.rejected();
    }
    return "";
  }

  /** Every turn of the row (prompt and completion or chosen); plain texts as one turn each. */
  public List<ChatMessage> turns() {
    if (example instanceof SftExample.Conversation c) {
      return c.messages();
    } else if (example instanceof PreferenceExample.Conversation c) {
      return Stream.concat(c.prompt().stream(), c.chosen().stream()).toList();
    }
    return promptText().isEmpty()
        ? List.of(ChatMessage.assistant(completionText()))
        : List.of(ChatMessage.user(promptText()), ChatMessage.assistant(completionText()));
  }

  private static String join(List<ChatMessage> turns) {
    return turns.stream().map(ChatMessage::content).collect(Collectors.joining("\n"));
  }
}
