package io.postrain.cli.demo;

import io.postrain.cli.ProjectHome;
import io.postrain.scenario.Comparison;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.ScenarioNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code postrain demo}: the reference scenario end to end through Kafka and the three services.
 * Exits 1 when the verdict fails (identity rate after under 0.9, or retention down more than 5
 * points).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs the reference scenario (Qwen -> Deep Qwen) through Kafka and the three services:"
            + " evaluation before, correction campaign, DPO, evaluation after, verdict.")
public final class DemoCommand implements Callable<Integer> {

  /** Exit code of a run whose verdict failed. */
  public static final int EXIT_VERDICT_FAILED = 1;

  @Option(
      names = "--model",
      description =
          "Base model checkpoint (default: the shipped "
              + BuildBaseModelCommand.SHIPPED_DIR
              + ", built when absent).")
  Path model;

  @Mixin NameOptions nameOptions;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Scenario seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Output directory (default: .postrain/demo/<timestamp>).")
  Path out;

  @Option(
      names = "--epochs",
      defaultValue = "2",
      description = "DPO epochs (default ${DEFAULT-VALUE}).")
  double epochs;

  @Option(
      names = "--regularization-weight",
      description =
          "Weight of the general-skill regulariser (the base model's own answers to the skill"
              + " training questions rehearsed during DPO); 0 turns it off and skips the rehearsal"
              + " campaign (default "
              + DemoRecipe.REGULARIZATION_WEIGHT
              + ").")
  Double regularizationWeight;

  @Option(
      names = "--output-model",
      defaultValue = "deep-qwen-tiny",
      description = "Name of the trained model (default ${DEFAULT-VALUE}).")
  String outputModel;

  @Option(
      names = "--timeout",
      defaultValue = "900",
      description = "Seconds each phase may take (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--torch-threads",
      description =
          "PyTorch threads per service (default: the machine's cores shared by the three"
              + " services, at least 1; 0 = PyTorch's default of one per core in each service,"
              + " which oversubscribes a small machine).")
  Integer torchThreads;

  /** The cores divided among the three services, at least 1 each. */
  static int sharedThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 3);
  }

  @Override
  public Integer call() {
    long start = System.nanoTime();
    Path home = ProjectHome.root();
    Path outDir =
        out != null ? out.toAbsolutePath() : home.resolve(".postrain/demo").resolve(stamp());
    Path modelDir = model != null ? model.toAbsolutePath() : ensureShippedModel(home);
    ScenarioNames names = nameOptions.names();
    DemoSettings settings =
        new DemoSettings(
            names,
            seed,
            modelDir,
            modelDir.getFileName().toString(),
            outputModel,
            outDir,
            regularizationWeight == null
                ? DemoRecipe.demo(seed, epochs)
                : DemoRecipe.demo(seed, epochs).toBuilder()
                    .regularizationWeight(regularizationWeight)
                    .build(),
            0,
            0,
            Duration.ofSeconds(timeoutSeconds),
            torchThreads != null ? torchThreads : sharedThreads());
    DemoRunner.Result result = new DemoRunner(settings, home, System.out).run();
    Comparison c = result.comparison();
    System.out.println();
    System.out.println(c.table());
    System.out.println("report: " + result.report());
    result
        .phases()
        .forEach(
            (phase, d) ->
                System.out.printf(Locale.ROOT, "  %-22s %6.1f s%n", phase, d.toMillis() / 1000.0));
    System.out.printf(Locale.ROOT, "demo: %.0f s in all%n", (System.nanoTime() - start) / 1e9);
    System.out.println(c.verdict().sentence());
    return c.verdict().pass() ? 0 : EXIT_VERDICT_FAILED;
  }

  private static Path ensureShippedModel(Path home) {
    Path dir = home.resolve(BuildBaseModelCommand.SHIPPED_DIR);
    if (Files.isRegularFile(dir.resolve("config.json"))) {
      return dir;
    }
    System.out.println(
        "[demo] no base model in " + dir + ": building it (./postrain build-base-model)");
    Path work = home.resolve(".postrain/base-model-work");
    ProjectHome.deleteTree(work);
    EvalReport report =
        new BaseModelBuilder(System.out).build(dir, work, 0, BaseModelBuilder.DEFAULT_STEPS);
    System.out.println(report.toTable());
    ProjectHome.deleteTree(work);
    return dir;
  }

  private static String stamp() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }
}
