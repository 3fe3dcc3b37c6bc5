package io.postrain.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSONL row layouts accepted, as TRL accepts them. A file's layout is detected from the keys of
 * its first row (extra keys such as {@code id} are allowed), then every row must fit it.
 */
public enum DataFormat {
  /** Conversational language modelling: {@code {"messages": [{"role", "content"}, ...]}}. */
  MESSAGES(true, "{\"messages\": [{\"role\", \"content\"}, ...]}"),
  /** ShareGPT: {@code {"conversations": [{"from": "human"|"gpt"|"system", "value"}, ...]}}. */
  SHAREGPT(true, "{\"conversations\": [{\"from\": \"human\"|\"gpt\"|\"system\", \"value\"}, ...]}"),
  /** Prompt-completion: {@code {"prompt", "completion"}}, both strings or both message lists. */
  PROMPT_COMPLETION(true, "{\"prompt\", \"completion\"} (both strings or both message lists)"),
  /** Plain language modelling: {@code {"text"}}. */
  TEXT(true, "{\"text\"}"),
  /** Explicit-prompt preference: {@code {"prompt", "chosen", "rejected"}}. */
  PREFERENCE(false, "{\"prompt\", \"chosen\", \"rejected\"} (all strings or all message lists)"),
  /**
   * Implicit-prompt preference: {@code {"chosen", "rejected"}}; the prompt is the shared prefix.
   */
  IMPLICIT_PREFERENCE(
      false, "{\"chosen\", \"rejected\"} (full conversations or texts; prompt = shared prefix)");

  /** The layouts an SFT data set may use. */
  public static final Set<DataFormat> SFT = EnumSet.of(MESSAGES, SHAREGPT, PROMPT_COMPLETION, TEXT);

  /** The layouts a preference data set may use. */
  public static final Set<DataFormat> PREFERENCE_FORMATS =
      EnumSet.of(PREFERENCE, IMPLICIT_PREFERENCE);

  private final boolean sft;
  private final String layout;

  DataFormat(boolean sft, String layout) {
    this.sft = sft;
    this.layout = layout;
  }

  /** True for the SFT layouts, false for the preference ones. */
  public boolean isSft() {
    return sft;
  }

  /** A one-line description of the layout, for error messages. */
  public String layout() {
    return layout;
  }

  /**
   * The layout a row's keys select, or null when none fits. Precedence: messages, conversations,
   * chosen+rejected (with or without prompt), prompt+completion, text.
   */
  public static DataFormat detect(JsonNode row) {
    if (row == null || !row.isObject()) {
      return null;
    }
    if (row.has("messages")) {
      return MESSAGES;
    }
    if (row.has("conversations")) {
      return SHAREGPT;
    }
    if (row.has("chosen") && row.has("rejected")) {
      return row.has("prompt") ? PREFERENCE : IMPLICIT_PREFERENCE;
    }
    if (row.has("prompt") && row.has("completion")) {
      return PROMPT_COMPLETION;
    }
    if (row.has("text")) {
      return TEXT;
    }
    return null;
  }

  /** The layouts of {@code formats}, one per line, for error messages. */
  public static String describe(Set<DataFormat> formats) {
    return Arrays.stream(values())
        .filter(formats::contains)
        .map(f -> "  " + f.layout())
        .collect(Collectors.joining("\n"));
  }
}
