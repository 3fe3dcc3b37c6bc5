package io.postrain.cli.demo;

import io.postrain.train.TrainingListener;
import io.postrain.train.TrainingProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a trainer's progress, one line per logging event: step/total, metrics, tokens/s, ETA. */
public final class ProgressPrinter implements TrainingListener {

  private final String label;
  private final List<String> metrics;
  private final PrintStream out;

  /**
   * @param label the line prefix, e.g. {@code sft}
   * @param metrics the metric names to show, in order (absent ones are skipped)
   * @param out where lines go
   */
  public ProgressPrinter(String label, List<String> metrics, PrintStream out) {
    this.label = label;
    this.metrics = List.copyOf(metrics);
    this.out = out;
  }

  @Override
  public void onLog(TrainingProgress p) {
    out.println(
        line(label, p.step(), p.totalSteps(), p.metrics(), metrics, p.tokensPerSecond(), p.eta()));
  }

  /** One progress line; {@code tokensPerSecond <= 0} is left out. */
  public static String line(
      String label,
      int step,
      int total,
      Map<String, Double> values,
      List<String> names,
      double tokensPerSecond,
      Duration eta) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "[%s] step %d/%d", label, step, total));
    for (String name : names) {
      Double v = values.get(name);
      if (v != null) {
        b.append(String.format(Locale.ROOT, "  %s %.4g", name, v));
      }
    }
    if (tokensPerSecond > 0) {
      b.append(String.format(Locale.ROOT, "  %.0f tok/s", tokensPerSecond));
    }
    if (eta != null) {
      b.append("  ETA ").append(duration(eta));
    }
    return b.toString();
  }

  /** {@code 1m05s} or {@code 42s}. */
  public static String duration(Duration d) {
    long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
