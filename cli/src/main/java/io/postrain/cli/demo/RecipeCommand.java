package io.postrain.cli.demo;

import io.postrain.scenario.Comparison;
import io.postrain.train.DpoConfig;
import io.postrain.train.DpoLossType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code postrain demo-recipe}: the demo's DPO step in one process with a chosen recipe, to compare
 * recipes on the base model quickly (no services).
 */
@Command(
    name = "demo-recipe",
    mixinStandardHelpOptions = true,
    description =
        "Runs the demo's DPO step in this process (answers, correction pairs, DPO, evaluation"
            + " before and after) with the seed recipe changed by the options.")
public final class RecipeCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Base model directory.")
  Path model;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Mixin NameOptions nameOptions;

  @Option(names = "--seed", defaultValue = "0", description = "Scenario seed.")
  long seed;

  @Option(
      names = "--loss",
      split = ",",
      defaultValue = "sigmoid,sft",
      description = "Loss types (default ${DEFAULT-VALUE}; the seed recipe is sigmoid).")
  List<String> loss;

  @Option(
      names = "--lr",
      defaultValue = "2e-4",
      description = "Learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--epochs",
      defaultValue = "1",
      description = "Epochs (default ${DEFAULT-VALUE}).")
  double epochs;

  @Option(
      names = "--regularization-weight",
      defaultValue = "1",
      description =
          "Weight of the general-skill regulariser: the NLL of one skill training question per"
              + " pair (default ${DEFAULT-VALUE}; 0 = off).")
  double regularizationWeight;

  @Option(
      names = "--rehearse",
      defaultValue = "references",
      description =
          "What the regulariser rehearses on the skill training questions: references (their"
              + " reference answers) or own (the base model's own answers). Default"
              + " ${DEFAULT-VALUE}.")
  String rehearse;

  private boolean ownAnswers() {
    return switch (rehearse) {
      case "references" -> false;
      case "own" -> true;
      default ->
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(this),
              "--rehearse is '" + rehearse + "': accepted are references, own");
    };
  }

  @Override
  public Integer call() {
    long start = System.nanoTime();
    DpoConfig dpo =
        DemoRecipe.seed(seed).toBuilder()
            .lossType(loss.stream().map(DpoLossType::parse).toList())
            .precomputeRefLogProbs(true)
            .regularizationWeight(regularizationWeight)
            .training(t -> t.learningRate(learningRate).numTrainEpochs(epochs))
            .build();
    Comparison c =
        new RecipeExperiment(nameOptions.names(), seed, System.out)
            .run(model.toAbsolutePath(), dpo, out.toAbsolutePath(), ownAnswers());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    DemoReport.write(
        out.resolve("report.json"), c, Map.of("recipe", dpo.toJson()), Map.of("total", took));
    System.out.println(c.table());
    System.out.printf("demo-recipe: %d s%n", took.toSeconds());
    System.out.println(c.verdict().sentence());
    return 0;
  }
}
