package io.postrain.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.LengthMeasure;
import io.postrain.curate.filter.FilterReport;
import io.postrain.curate.filter.FilterSettings;
import io.postrain.curate.filter.Filtering;
import io.postrain.events.Events;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain bench filter}: generates a synthetic open-set-like file ({@link FilterBenchData})
 * with planted duplicates, filters it with the default settings (lengths in words), and prints
 * rows/s, peak resident memory, and the near-duplicate recall and false-positive rate measured
 * against what was planted.
 */
@Command(
    name = "filter",
    mixinStandardHelpOptions = true,
    description =
        "Measure the open-set filter: rows/s, peak memory, near-duplicate recall and"
            + " false-positive rate on a synthetic file with planted duplicates.")
public final class BenchFilterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Rows generated (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the data and the filter.")
  long seed;

  @Option(
      names = "--target-size",
      description = "Also select this many rows for diversity (no recall figures then).")
  Integer targetSize;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (rows < 100) {
      throw new IllegalArgumentException("--rows must be >= 100, got " + rows);
    }
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("postrain-bench-filter");
    try {
      Path input = dir.resolve("open-set.jsonl");
      Path output = dir.resolve("filtered.jsonl");
      err.printf("bench filter: generating %d rows ...%n", rows);
      err.flush();
      FilterBenchData.Planted planted = new FilterBenchData(seed).write(input, rows);
      String load = BenchGenerateCommand.loadAverage();
      System.gc();
      boolean reset = ProcessMemory.resetPeak();
      long rssBefore = ProcessMemory.rssBytes();
      FilterSettings settings = FilterSettings.builder().seed(seed).targetSize(targetSize).build();
      FilterReport report =
          Filtering.run(
              settings,
              LengthMeasure.words(),
              input,
              output,
              line -> {
                err.println(line);
                err.flush();
              });
      long peak = ProcessMemory.peakRssBytes();
      Map<Character, Long> kept = keptByKind(output);
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      result.put("rows", report.rows()).put("kept", report.kept());
      result
          .put("seconds", report.seconds())
          .put("rowsPerSecond", report.rows() / report.seconds());
      result.put("inputMiB", Files.size(input) / 1048576.0);
      result.put("rssBeforeMiB", rssBefore / 1048576.0);
      result.put("peakRssMiB", reset ? peak / 1048576.0 : -1);
      result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / 1048576.0);
      result.put("loadAverage", load);
      result.put("plantedNear", planted.near()).put("plantedExact", planted.exact());
      result.put("plantedParaphrases", planted.paraphrase()).put("distinct", planted.distinct());
      if (targetSize == null) {
        // With a target size the diversity selection removes rows too: no recall figures then.
        result.put("nearRecall", removedShare(planted.near(), kept.getOrDefault('n', 0L)));
        result.put("nearRecallExpected", planted.nearExpected() / Math.max(1, planted.near()));
        result.put("exactRecall", removedShare(planted.exact(), kept.getOrDefault('x', 0L)));
        result.put(
            "paraphraseRemoved", removedShare(planted.paraphrase(), kept.getOrDefault('p', 0L)));
        result.put(
            "distinctFalsePositiveRate",
            removedShare(planted.distinct(), kept.getOrDefault('b', 0L)));
      }
      result.set("report", report.toJson());
      print(result);
    } finally {
      for (String name : new String[] {"open-set.jsonl", "filtered.jsonl"}) {
        Files.deleteIfExists(dir.resolve(name));
      }
      Files.deleteIfExists(dir);
    }
    return 0;
  }

  private void print(ObjectNode r) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Events.toJson(r));
    } else {
      out.printf(
          "machine: %d cores, load average %s%n",
          Runtime.getRuntime().availableProcessors(), r.get("loadAverage").asText());
      out.printf(
          "| rows | kept | s | rows/s | input MiB | peak RSS MiB (before %.0f) | near recall (S-curve) | exact recall | paraphrases removed | FP rate on distinct |%n",
          r.get("rssBeforeMiB").asDouble());
      out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      out.printf(
          "| %d | %d | %.1f | %.0f | %.1f | %.0f | %.3f (%.3f) | %.3f | %.3f | %.4f |%n",
          r.get("rows").asLong(),
          r.get("kept").asLong(),
          r.get("seconds").asDouble(),
          r.get("rowsPerSecond").asDouble(),
          r.get("inputMiB").asDouble(),
          r.get("peakRssMiB").asDouble(),
          r.path("nearRecall").asDouble(Double.NaN),
          r.path("nearRecallExpected").asDouble(Double.NaN),
          r.path("exactRecall").asDouble(Double.NaN),
          r.path("paraphraseRemoved").asDouble(Double.NaN),
          r.path("distinctFalsePositiveRate").asDouble(Double.NaN));
      JsonNode filters = r.get("report").get("filters");
      filters
          .fields()
          .forEachRemaining(
              e ->
                  out.printf(
                      "  %-16s removed %d%n", e.getKey(), e.getValue().get("removed").asLong()));
    }
    out.flush();
  }

  private static double removedShare(long planted, long kept) {
    return planted == 0 ? 0 : (double) (planted - kept) / planted;
  }

  /** Kept rows by the first letter of their id. */
  private static Map<Character, Long> keptByKind(Path output) {
    Map<Character, Long> counts = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        char kind = Events.mapper().readTree(line).get("id").asText().charAt(0);
        counts.merge(kind, 1L, Long::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + output + ": " + e, e);
    }
    return counts;
  }
}
