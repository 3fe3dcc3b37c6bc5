package io.postrain.curate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.data.DataFormat;
import io.postrain.lm.template.ChatMessage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The data set linter: reads an SFT or preference file once, streamed, and reports one section per
 * check, each with a {@link Severity} and its numbers:
 *
 * <ul>
 *   <li>{@code brokenRows} (error): rows that are not JSON or fit no layout;
 *   <li>{@code emptyOrIdentical} (error): a turn or answer that is blank, or a pair whose chosen
 *       and rejected are identical;
 *   <li>{@code duplicatePrompts}: prompts that occur more than once (warning in an SFT file, info
 *       in a preference file, where several pairs per prompt are normal);
 *   <li>{@code overLength} (warning): rows longer than {@code maxLength} (tokens with a model,
 *       words without); skipped when no maximum is given;
 *   <li>{@code alikeCompletions} (warning): prompts with several rows whose completions (SFT) or
 *       pairs (chosen and rejected) are all the same: nothing to learn between them;
 *   <li>{@code shortcuts} and {@code lengthBias}: see {@link PairChecks} (preference files only).
 * </ul>
 *
 * Memory: per distinct prompt three longs; per distinct word two ints.
 */
public final class Linter {

  private static final int EXAMPLES = 3;

  private final Integer maxLength;
  private final LengthMeasure measure;
  private final String expectedWords;

  /**
   * @param maxLength the longest row allowed, or null for no check
   * @param measure how rows are measured (tokens or words)
   * @param expectedWords words the data teaches on purpose (e.g. "Deep Qwen"), or null
   */
  public Linter(Integer maxLength, LengthMeasure measure, String expectedWords) {
    this.maxLength = maxLength;
    this.measure = measure;
    this.expectedWords = expectedWords;
  }

  /** A check's running state: its count, severity and first examples. */
  private static final class Check {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    final ArrayNode examples = JsonNodeFactory.instance.arrayNode();
    long count;

    void hit(DataRow row, String why) {
      count++;
      if (examples.size() < EXAMPLES) {
        examples.addObject().put("line", row.line()).put("why", why);
      }
    }

    ObjectNode done(Severity ifHit) {
      node.put("severity", (count > 0 ? ifHit : Severity.OK).label()).put("count", count);
      node.set("examples", examples);
      return node;
    }
  }

  /** Lints {@code file}; the report's {@code severity} is the worst of its sections. */
  public ObjectNode lint(Path file) {
    Check broken = new Check();
    Check empty = new Check();
    Check over = new Check();
    Map<Long, long[]> prompts = new HashMap<>(); // prompt hash -> {rows, first answer hash, alike}
    PairChecks pairs = new PairChecks(expectedWords, measure);
    long[] rows = new long[1];
    DataFormat format =
        DataRows.forEach(
            file,
            row -> {
              rows[0]++;
              if (row.broken()) {
                broken.hit(row, row.error());
                return;
              }
              checkEmpty(row, empty);
              if (maxLength != null) {
                int length = measure.of(row.turns());
                if (length > maxLength) {
                  over.hit(row, length + " " + measure.unit() + " > " + maxLength);
                }
              }
              long answers = Hash64.of(row.completionText() + "\u0000" + row.rejectedText());
              if (row.preference()) {
                pairs.add(row.completionText(), row.rejectedText());
              }
              long[] p =
                  prompts.computeIfAbsent(
                      Hash64.of(row.promptText()), k -> new long[] {0, answers, 1});
              p[0]++;
              p[2] &= p[1] == answers ? 1 : 0;
            });
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report
        .put("file", file.toString())
        .put("format", format.name().toLowerCase(java.util.Locale.ROOT));
    report.put("rows", rows[0]);
    report.set("brokenRows", broken.done(Severity.ERROR));
    report.set("emptyOrIdentical", empty.done(Severity.ERROR));
    report.set("duplicatePrompts", duplicates(prompts, format.isSft()));
    ObjectNode overNode = over.done(Severity.WARNING).put("unit", measure.unit());
    if (maxLength == null) {
      overNode.put("skipped", "no maximum length given");
    } else {
      overNode.put("maxLength", maxLength);
    }
    report.set("overLength", overNode);
    report.set("alikeCompletions", alike(prompts));
    if (format.isSft()) {
      report.set("shortcuts", notApplicable());
      report.set("lengthBias", notApplicable());
    } else {
      report.set("shortcuts", pairs.shortcuts());
      report.set("lengthBias", pairs.lengthBias());
    }
    Severity worst = Severity.OK;
    for (var it = report.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().has("severity")) {
        worst =
            worst.max(
                Severity.valueOf(
                    e.getValue().get("severity").asText().toUpperCase(java.util.Locale.ROOT)));
      }
    }
    report.put("severity", worst.label());
    return report;
  }

  private static void checkEmpty(DataRow row, Check empty) {
    String why = emptyOrIdentical(row);
    if (why != null) {
      empty.hit(row, why);
    }
  }

  /**
   * Why a parsed row has nothing to learn from (a blank turn, a blank rejected answer, a pair whose
   * chosen and rejected are identical), or null when it has something; shared with the filter.
   */
  public static String emptyOrIdentical(DataRow row) {
    for (ChatMessage turn : row.turns()) {
      if (turn.content().isBlank()) {
        return "blank " + turn.role() + " turn";
      }
    }
    if (row.preference() && row.rejectedText().isBlank()) {
      return "blank rejected answer";
    } else if (row.preference()
        && row.completionText().strip().equals(row.rejectedText().strip())) {
      return "chosen and rejected are identical";
    }
    return null;
  }

  private static ObjectNode duplicates(Map<Long, long[]> prompts, boolean sft) {
    long repeated = prompts.values().stream().filter(p -> p[0] > 1).count();
    long rowsInThem = prompts.values().stream().filter(p -> p[0] > 1).mapToLong(p -> p[0]).sum();
    Severity s = repeated == 0 ? Severity.OK : sft ? Severity.WARNING : Severity.INFO;
    return JsonNodeFactory.instance
        .objectNode()
        .put("severity", s.label())
        .put("distinctPrompts", prompts.size())
        .put("repeatedPrompts", repeated)
        .put("rowsWithRepeatedPrompts", rowsInThem);
  }

  private static ObjectNode alike(Map<Long, long[]> prompts) {
    long alike = prompts.values().stream().filter(p -> p[0] > 1 && p[2] == 1).count();
    return JsonNodeFactory.instance
        .objectNode()
        .put("severity", (alike > 0 ? Severity.WARNING : Severity.OK).label())
        .put("promptsWithSeveralRows", prompts.values().stream().filter(p -> p[0] > 1).count())
        .put("promptsWithAllCompletionsAlike", alike);
  }

  private static ObjectNode notApplicable() {
    return JsonNodeFactory.instance
        .objectNode()
        .put("severity", Severity.OK.label())
        .put("skipped", "preference files only");
  }
}
