package io.postrain.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.lm.template.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one JSON row of a known {@link DataFormat} into an example. Errors are {@link
 * IllegalArgumentException}s that say what in the row is wrong; {@link JsonlReader} adds the file
 * and line.
 */
public final class RowParser {

  /** The roles a conversation may use. */
  public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  private static final Map<String, String> SHAREGPT_ROLES =
      Map.of("human", "user", "gpt", "assistant", "system", "system");

  private RowParser() {}

  /** An SFT example from a row of an SFT layout. */
  public static SftExample sft(JsonNode row, DataFormat format) {
    return switch (format) {
      case MESSAGES -> new SftExample.Conversation(List.of(), messages(row, "messages"));
      case SHAREGPT -> new SftExample.Conversation(List.of(), shareGpt(row));
      case TEXT -> new SftExample.PlainText("", text(row, "text"));
      case PROMPT_COMPLETION -> promptCompletion(row);
      case PREFERENCE, IMPLICIT_PREFERENCE ->
          throw new IllegalArgumentException(
              "a preference row (" + format.layout() + ") is not an SFT example");
    };
  }

  /** A preference pair from a row of a preference layout. */
  public static PreferenceExample preference(JsonNode row, DataFormat format) {
    return switch (format) {
      case PREFERENCE -> explicitPreference(row);
      case IMPLICIT_PREFERENCE -> implicitPreference(row);
      default ->
          throw new IllegalArgumentException(
              "an SFT row (" + format.layout() + ") is not a preference pair");
    };
  }

  /**
   * A row of TRL's prompt-only layout: {@code prompt} a non-empty string or a non-empty message
   * list; every other column is kept for the rewards.
   */
  public static PromptExample prompt(JsonNode row) {
    JsonNode prompt = row.get("prompt");
    if (prompt != null && prompt.isTextual()) {
      if (prompt.asText().isEmpty()) {
        throw new IllegalArgumentException("\"prompt\" must not be empty");
      }
      return new PromptExample(null, prompt.asText(), row);
    }
    if (prompt != null && prompt.isArray() && !prompt.isEmpty()) {
      return new PromptExample(messages(row, "prompt"), null, row);
    }
    throw new IllegalArgumentException(
        "expected {\"prompt\": \"text\"} or {\"prompt\": [{\"role\", \"content\"}, ...]}"
            + " (other columns, such as \"answer\", are handed to the rewards)");
  }

  private static SftExample promptCompletion(JsonNode row) {
    JsonNode prompt = row.get("prompt");
    JsonNode completion = row.get("completion");
    if (prompt.isTextual() && completion.isTextual()) {
      return new SftExample.PlainText(prompt.asText(), text(row, "completion"));
    }
    if (prompt.isArray() && completion.isArray()) {
      return new SftExample.Conversation(messages(row, "prompt"), messages(row, "completion"));
    }
    throw new IllegalArgumentException(
        "\"prompt\" and \"completion\" must both be strings or both be message lists");
  }

  private static PreferenceExample explicitPreference(JsonNode row) {
    JsonNode prompt = row.get("prompt");
    JsonNode chosen = row.get("chosen");
    JsonNode rejected = row.get("rejected");
    if (prompt.isTextual() && chosen.isTextual() && rejected.isTextual()) {
      return new PreferenceExample.PlainText(
          prompt.asText(), text(row, "chosen"), text(row, "rejected"));
    }
    if (prompt.isArray() && chosen.isArray() && rejected.isArray()) {
      return new PreferenceExample.Conversation(
          messages(row, "prompt"), messages(row, "chosen"), messages(row, "rejected"));
    }
    throw new IllegalArgumentException(
        "\"prompt\", \"chosen\" and \"rejected\" must all be strings or all be message lists");
  }

  /**
   * TRL's {@code extract_prompt}: the prompt is the longest shared prefix of chosen and rejected.
   */
  private static PreferenceExample implicitPreference(JsonNode row) {
    JsonNode chosen = row.get("chosen");
    JsonNode rejected = row.get("rejected");
    if (chosen.isArray() && rejected.isArray()) {
      List<ChatMessage> c = messages(row, "chosen");
      List<ChatMessage> r = messages(row, "rejected");
      int shared = 0;
      while (shared < Math.min(c.size(), r.size()) && c.get(shared).equals(r.get(shared))) {
        shared++;
      }
      if (shared == c.size() || shared == r.size()) {
        throw new IllegalArgumentException(
            "\"chosen\" and \"rejected\" must differ after their shared prompt (one is a prefix of"
                + " the other)");
      }
      return new PreferenceExample.Conversation(
          c.subList(0, shared), c.subList(shared, c.size()), r.subList(shared, r.size()));
    }
    if (chosen.isTextual() && rejected.isTextual()) {
      String c = chosen.asText();
      String r = rejected.asText();
      int shared = 0;
      while (shared < Math.min(c.length(), r.length()) && c.charAt(shared) == r.charAt(shared)) {
        shared++;
      }
      if (shared == c.length() || shared == r.length()) {
        throw new IllegalArgumentException(
            "\"chosen\" and \"rejected\" must differ after their shared prompt (one is a prefix of"
                + " the other)");
      }
      // As TRL: a space just before the split belongs to the answers, not the prompt.
      if (shared > 0 && c.charAt(shared - 1) == ' ') {
        shared--;
      }
      return new PreferenceExample.PlainText(
          c.substring(0, shared), c.substring(shared), r.substring(shared));
    }
    throw new IllegalArgumentException(
        "\"chosen\" and \"rejected\" must both be strings or both be message lists");
  }

  private static String text(JsonNode row, String key) {
    JsonNode node = row.get(key);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("\"" + key + "\" must be a string");
    }
    if (node.asText().isEmpty() && !key.equals("prompt")) {
      throw new IllegalArgumentException("\"" + key + "\" must not be empty");
    }
    return node.asText();
  }

  /**
   * The message list under {@code key}: {@code [{"role", "content"}, ...]}, non-empty unless the
   * key is {@code prompt}.
   */
  public static List<ChatMessage> messages(JsonNode row, String key) {
    JsonNode list = row.get(key);
    if (list == null || !list.isArray() || (list.isEmpty() && !key.equals("prompt"))) {
      throw new IllegalArgumentException(
          "\"" + key + "\" must be a non-empty list of {\"role\", \"content\"} objects");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      JsonNode role = m.get("role");
      JsonNode content = m.get("content");
      if (!m.isObject()
          || role == null
          || !role.isTextual()
          || content == null
          || !content.isTextual()) {
        throw new IllegalArgumentException(
            "\"" + key + "\"[" + i + "] must be {\"role\": string, \"content\": string}");
      }
      if (!ROLES.contains(role.asText())) {
        throw new IllegalArgumentException(
            "\""
                + key
                + "\"["
                + i
                + "]: message role must be one of system, user, assistant, tool (got '"
                + role.asText()
                + "')");
      }
      out.add(new ChatMessage(role.asText(), content.asText()));
    }
    return out;
  }

  private static List<ChatMessage> shareGpt(JsonNode row) {
    JsonNode list = row.get("conversations");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(
          "\"conversations\" must be a non-empty list of {\"from\", \"value\"} objects");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode turn = list.get(i);
      JsonNode from = turn.get("from");
      JsonNode value = turn.get("value");
      if (!turn.isObject()
          || from == null
          || !from.isTextual()
          || value == null
          || !value.isTextual()) {
        throw new IllegalArgumentException(
            "\"conversations\"[" + i + "] must be {\"from\": string, \"value\": string}");
      }
      String role = SHAREGPT_ROLES.get(from.asText());
      if (role == null) {
        throw new IllegalArgumentException(
            "\"conversations\"["
                + i
                + "].from must be human, gpt or system (got '"
                + from.asText()
                + "')");
      }
      out.add(new ChatMessage(role, value.asText()));
    }
    return out;
  }
}
