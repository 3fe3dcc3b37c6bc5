package io.postrain.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each logging event as one readable SLF4J line ({@code step 12/117 | loss 0.6931 |
 * rewards/margins 0.12 | lr 4.9e-05 | 812 tok/s | ETA 1m32s}) and as one JSON line appended to
 * {@code <output>/metrics.jsonl}.
 */
final class ProgressLog {

  /** The metrics file name in the output directory. */
  static final String METRICS_FILE = "metrics.jsonl";

  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final List<String> headline;

  ProgressLog(Path outputDir, List<String> headline) {
    this.file = outputDir.resolve(METRICS_FILE);
    this.headline = headline;
  }

  /**
   * Prepares the file for a run starting at {@code step}: empty for a fresh run; on resume only the
   * lines of steps up to the checkpoint stay (later ones were lost with the killed process).
   */
  void start(int step) {
    try {
      Files.createDirectories(file.getParent());
      List<String> kept = new ArrayList<>();
      if (step > 0 && Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file)) {
          JsonNode node = line.isBlank() ? null : JSON.readTree(line);
          if (node != null && node.path("step").asInt(Integer.MAX_VALUE) <= step) {
            kept.add(line);
          }
        }
      }
      Files.write(file, kept);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + file, e);
    }
  }

  void write(TrainingProgress p) {
    LOG.info(line(p));
    ObjectNode node = JSON.createObjectNode();
    node.put("step", p.step());
    p.metrics().forEach(node::put);
    node.put("tokens_per_second", p.tokensPerSecond());
    node.put("elapsed_seconds", p.elapsed().toMillis() / 1000.0);
    try {
      Files.writeString(
          file,
          JSON.writeValueAsString(node) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** The readable line of one event. */
  String line(TrainingProgress p) {
    StringBuilder b = new StringBuilder();
    b.append("step ").append(p.step()).append('/').append(p.totalSteps());
    Map<String, Double> m = p.metrics();
    b.append(" | loss ").append(String.format(Locale.ROOT, "%.4f", m.get("loss")));
    for (String name : headline) {
      Double v = m.get(name);
      if (v != null) {
        b.append(" | ").append(name).append(' ').append(String.format(Locale.ROOT, "%.4g", v));
      }
    }
    b.append(" | lr ").append(String.format(Locale.ROOT, "%.2g", m.get("learning_rate")));
    b.append(" | ").append(Math.round(p.tokensPerSecond())).append(" tok/s");
    b.append(" | ETA ").append(format(p.eta()));
    return b.toString();
  }

  /** {@code 1h02m03s}, {@code 1m32s} or {@code 7s}. */
  static String format(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long sec = seconds % 60;
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, sec);
    }
    return m > 0 ? String.format(Locale.ROOT, "%dm%02ds", m, sec) : sec + "s";
  }
}
