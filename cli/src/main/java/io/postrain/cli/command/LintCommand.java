package io.postrain.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.cli.ModelDirectory;
import io.postrain.curate.LengthMeasure;
import io.postrain.curate.Linter;
import io.postrain.lm.tokenizer.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postrain lint}: checks an SFT or preference file for problems, with numbers. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Check an SFT or preference JSONL file: broken rows, blank turns, identical pairs, duplicate"
          + " prompts, rows over the context length, prompts whose completions are all alike,"
          + " shortcut words that separate chosen from rejected, length bias.",
      "Each check has a severity (ok, info, warning, error). Exit 0 whatever it finds; see docs/curation.md."
    })
public final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, description = "The JSONL data set (any TRL layout).")
  Path data;

  @Option(names = "--json", description = "Print one JSON report (one section per check).")
  boolean json;

  @Option(
      names = "--max-length",
      description = "Longest row allowed, in tokens with --model, in words without.")
  Integer maxLength;

  @Option(
      names = "--model",
      description = "Checkpoint whose tokenizer and chat template measure rows.")
  Path model;

  @Option(
      names = "--expected-words",
      description =
          "Words the data teaches on purpose, e.g. the new name \"Deep Qwen\": their shortcuts are"
              + " reported as info with a note.")
  String expectedWords;

  @Override
  public Integer call() {
    if (maxLength != null && maxLength <= 0) {
      throw new IllegalArgumentException(
          "--max-length must be a positive length, got " + maxLength);
    }
    ObjectNode report;
    if (model != null) {
      try (Tokenizer tokenizer = ModelDirectory.tokenizer(model)) {
        report = new Linter(maxLength, LengthMeasure.tokens(tokenizer), expectedWords).lint(data);
      }
    } else {
      report = new Linter(maxLength, LengthMeasure.words(), expectedWords).lint(data);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(report.toString());
    } else {
      out.println(
          report.get("file").asText()
              + ": "
              + report.get("rows").asLong()
              + " rows, "
              + report.get("format").asText()
              + ", worst: "
              + report.get("severity").asText());
      for (Iterator<Map.Entry<String, JsonNode>> it = report.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isObject()) {
          ObjectNode section = ((ObjectNode) e.getValue()).deepCopy();
          String severity = section.remove("severity").asText();
          out.printf("%-8s %-17s %s%n", severity, e.getKey(), section);
        }
      }
    }
    out.flush();
    return 0;
  }
}
