package io.postrain.cli.demo;

import io.postrain.events.Names;
import io.postrain.scenario.ScenarioNames;
import io.postrain.train.DpoConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one demo run does.
 *
 * @param names the scenario names
 * @param seed the scenario seed (held-out split, data order)
 * @param baseModelDir the base model checkpoint
 * @param baseModelName the name the services serve it under
 * @param outputModel the name of the trained model
 * @param outDir where the scenario files, the stack's run directory and report.json go
 * @param dpo the trainer's DPO settings
 * @param trainingPromptLimit at most this many identity training prompts (0 = all)
 * @param evalLimit at most this many held-out identity and skill questions each (0 = all)
 * @param timeout how long each phase (campaign, training, model load) may take
 * @param torchThreads PyTorch intra-op threads of each service, 0 for PyTorch's default (one per
 *     core); 1 is much faster when the machine is shared with other busy processes
 */
public record DemoSettings(
    ScenarioNames names,
    long seed,
    Path baseModelDir,
    String baseModelName,
    String outputModel,
    Path outDir,
    DpoConfig dpo,
    int trainingPromptLimit,
    int evalLimit,
    Duration timeout,
    int torchThreads) {

  public DemoSettings {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(baseModelDir, "baseModelDir");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(dpo, "dpo");
    Objects.requireNonNull(timeout, "timeout");
    requireModelName("baseModelName", baseModelName);
    requireModelName("outputModel", outputModel);
    if (baseModelName.equals(outputModel)) {
      throw new IllegalArgumentException(
          "outputModel must differ from baseModelName, both are '" + baseModelName + "'");
    }
    if (torchThreads < 0) {
      throw new IllegalArgumentException(
          "torchThreads must be >= 0 (0 = PyTorch's default), got " + torchThreads);
    }
    if (trainingPromptLimit < 0 || evalLimit < 0) {
      throw new IllegalArgumentException(
          "trainingPromptLimit and evalLimit must be >= 0 (0 = all), got "
              + trainingPromptLimit
              + " and "
              + evalLimit);
    }
  }

  private static void requireModelName(String field, String value) {
    if (!Names.valid(value)) {
      throw new IllegalArgumentException(
          field + " '" + value + "' is not an accepted model name: expected " + Names.RULE);
    }
  }
}
