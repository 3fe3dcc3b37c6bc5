package io.postrain.cli.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.scenario.Comparison;
import io.postrain.scenario.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** {@code report.json} of a demo run: both reports, the verdict and the phase timings. */
public final class DemoReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoReport() {}

  /**
   * The report's JSON text.
   *
   * @param comparison before/after reports and the verdict
   * @param details free-form facts of the run (model names, version, campaign and job ids)
   * @param phases seconds per phase, in order
   */
  public static String json(
      Comparison comparison, Map<String, String> details, Map<String, Duration> phases) {
    try {
      ObjectNode root = JSON.createObjectNode();
      Verdict v = comparison.verdict();
      ObjectNode verdict = root.putObject("verdict");
      verdict
          .put("pass", v.pass())
          .put("identityNewRateAfter", v.identityNewRateAfter())
          .put("retentionBefore", v.retentionBefore())
          .put("retentionAfter", v.retentionAfter())
          .put("retentionDropPoints", v.retentionDropPoints())
          .put("sentence", v.sentence());
      ObjectNode drops = verdict.putObject("skillDropPoints");
      v.skillDropPoints().forEach(drops::put);
      ObjectNode run = root.putObject("run");
      details.forEach(run::put);
      ObjectNode seconds = root.putObject("phaseSeconds");
      phases.forEach((phase, d) -> seconds.put(phase, d.toMillis() / 1000.0));
      root.set("before", JSON.readTree(comparison.before().toJson()));
      root.set("after", JSON.readTree(comparison.after().toJson()));
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the demo report failed to serialise", e);
    }
  }

  /** Writes {@link #json} to {@code file}, creating its directory. */
  public static Path write(
      Path file, Comparison comparison, Map<String, String> details, Map<String, Duration> phases) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, json(comparison, details, phases));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
