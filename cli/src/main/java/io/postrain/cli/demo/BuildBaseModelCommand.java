package io.postrain.cli.demo;

import io.postrain.cli.ProjectHome;
import io.postrain.scenario.EvalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postrain build-base-model}: the scenario's tiny base model, by SFT from random weights.
 */
@Command(
    name = "build-base-model",
    mixinStandardHelpOptions = true,
    description =
        "Builds the demo's base model: a tiny Qwen3-layout model taught by SFT from random weights"
            + " to say it is Qwen; prints its held-out evaluation.")
public final class BuildBaseModelCommand implements Callable<Integer> {

  /** Where the shipped base model lives, relative to the project root. */
  public static final String SHIPPED_DIR = "models/qwen-tiny";

  @Option(
      names = "--out",
      description = "Model directory to write (default: " + SHIPPED_DIR + " in the project).")
  Path out;

  @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  @Option(
      names = "--steps",
      description = "SFT optimizer steps (default ${DEFAULT-VALUE}).",
      defaultValue = "" + BaseModelBuilder.DEFAULT_STEPS)
  int steps;

  @Override
  public Integer call() throws Exception {
    Path dir = out == null ? ProjectHome.root().resolve(SHIPPED_DIR) : out.toAbsolutePath();
    Path work = Files.createTempDirectory("postrain-base-model");
    long start = System.nanoTime();
    try {
      EvalReport report = new BaseModelBuilder(System.out).build(dir, work, seed, steps);
      System.out.println(report.toTable());
      System.out.printf(
          Locale.ROOT,
          "[base-model] saved to %s in %.0f s; held-out identity naming %s: %.3f%n",
          dir,
          (System.nanoTime() - start) / 1e9,
          report.names().oldName(),
          report.identityOldRate());
      return 0;
    } finally {
      ProjectHome.deleteTree(work);
    }
  }
}
