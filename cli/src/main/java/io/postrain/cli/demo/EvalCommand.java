package io.postrain.cli.demo;

import io.postrain.cli.stack.HttpJson;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.scenario.Answerer;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.HeldOutEval;
import io.postrain.scenario.LocalAnswerer;
import io.postrain.scenario.ScenarioNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code postrain eval}: the scenario's held-out evaluation (identity rate, per-skill accuracy) of
 * a local model directory, or of a model served by the inference service.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates a model on the scenario's held-out identity and general-skill questions;"
            + " prints the table, writes the report JSON with --out.")
public final class EvalCommand implements Callable<Integer> {

  /** Either a local directory or a served model. */
  static final class Target {
    @Option(names = "--model", description = "Model directory (local engine).")
    Path modelDir;

    @ArgGroup(exclusive = false)
    Served served;
  }

  /** A model served by the inference service. */
  static final class Served {
    @Option(
        names = "--url",
        required = true,
        description = "Inference service, e.g. http://127.0.0.1:8081.")
    String url;

    @Option(
        names = "--model-name",
        required = true,
        description = "name, name:version or name:latest.")
    String modelName;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Mixin NameOptions nameOptions;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Scenario seed: selects the held-out sets (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Write the report JSON here.")
  Path out;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "At most this many identity and skill questions each (default: all).")
  int limit;

  @Override
  public Integer call() throws IOException {
    ScenarioNames names = nameOptions.names();
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be >= 0 (0 = all), got " + limit);
    }
    HeldOutEval eval = HeldOutEval.of(names, seed, limit);
    long start = System.nanoTime();
    EvalReport report;
    if (target.modelDir != null) {
      try (LanguageModel model = LanguageModel.load(target.modelDir)) {
        report = eval.run(progress(new LocalAnswerer(model), eval));
      }
    } else {
      HttpJson http = new HttpJson(target.served.url, Duration.ofMinutes(5));
      try (HttpAnswerer answerer = new HttpAnswerer(http, target.served.modelName, 16)) {
        report = eval.run(progress(answerer, eval));
      }
    }
    System.out.println(report.toTable());
    System.out.printf("eval: %.1f s%n", (System.nanoTime() - start) / 1e9);
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(out, report.toJson());
      System.out.println("report: " + out);
    }
    return 0;
  }

  /** Progress on stderr: stdout carries the table only. */
  private static Answerer progress(Answerer answerer, HeldOutEval eval) {
    return new CountingAnswerer(answerer, eval.questions(), "eval", System.err);
  }
}
