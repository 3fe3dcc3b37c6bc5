package io.postrain.curate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of text naming a {@link Linter} report's findings, for a job that refuses its data set
 * (e.g. {@code emptyOrIdentical: 2 rows (row 3: chosen and rejected are identical); shortcuts:
 * 'Deep' in 100% of chosen, 0% of rejected}).
 */
public final class LintFindings {

  private LintFindings() {}

  /** The worst severity of a report (its {@code severity}). */
  public static Severity severity(JsonNode report) {
    return parse(report.path("severity").asText("ok"));
  }

  /** The sections of {@code report} at {@code atLeast} or worse, each with its numbers. */
  public static String summary(JsonNode report, Severity atLeast) {
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = report.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode section = e.getValue();
      if (section.isObject()
          && section.has("severity")
          && parse(section.get("severity").asText()).compareTo(atLeast) >= 0) {
        parts.add(e.getKey() + ": " + describe(e.getKey(), section, atLeast));
      }
    }
    return String.join("; ", parts);
  }

  private static String describe(String name, JsonNode section, Severity atLeast) {
    return switch (name) {
      case "shortcuts" -> shortcuts(section, atLeast);
      case "lengthBias" ->
          "chosen longer in "
              + percent(section.path("chosenLongerShare").asDouble())
              + " of pairs, shorter in "
              + percent(section.path("chosenShorterShare").asDouble());
      case "duplicatePrompts" ->
          section.path("repeatedPrompts").asLong()
              + " prompts repeated, in "
              + section.path("rowsWithRepeatedPrompts").asLong()
              + " rows";
      case "alikeCompletions" ->
          section.path("promptsWithAllCompletionsAlike").asLong()
              + " prompts whose completions are all alike";
      default -> counted(section);
    };
  }

  private static String counted(JsonNode section) {
    if (!section.has("count")) {
      return section.toString();
    }
    List<String> examples = new ArrayList<>();
    section
        .path("examples")
        .forEach(
            x -> examples.add("row " + x.path("line").asInt() + ": " + x.path("why").asText()));
    return section.get("count").asLong()
        + " rows"
        + (examples.isEmpty() ? "" : " (" + String.join(", ", examples) + ")");
  }

  private static String shortcuts(JsonNode section, Severity atLeast) {
    List<String> words = new ArrayList<>();
    for (JsonNode w : section.path("words")) {
      if (parse(w.path("severity").asText()).compareTo(atLeast) >= 0) {
        words.add(
            "'"
                + w.path("word").asText()
                + "' in "
                + percent(w.path("chosenRate").asDouble())
                + " of chosen, "
                + percent(w.path("rejectedRate").asDouble())
                + " of rejected");
      }
    }
    return String.join(", ", words);
  }

  private static String percent(double share) {
    return Math.round(share * 100) + "%";
  }

  private static Severity parse(String label) {
    return Severity.valueOf(label.toUpperCase(Locale.ROOT));
  }
}
