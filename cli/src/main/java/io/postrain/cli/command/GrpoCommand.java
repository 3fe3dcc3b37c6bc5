package io.postrain.cli.command;

import io.postrain.curate.RewardSet;
import io.postrain.data.JsonlReader;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.train.ConfigFlags;
import io.postrain.train.GrpoConfig;
import io.postrain.train.GrpoTrainer;
import io.postrain.train.LoraConfig;
import io.postrain.train.TrainingListener;
import io.postrain.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code postrain grpo}: group relative policy optimisation, colocated (full or LoRA). */
@Command(
    name = "grpo",
    mixinStandardHelpOptions = true,
    description = {
      "Group relative policy optimisation: samples completions of each prompt with the policy,"
          + " scores them with a reward config and trains on group-relative advantages (colocated"
          + " in this process). Every GrpoConfig field is a kebab-case flag (all listed"
          + " below), e.g."
          + " --num-generations 8 --max-completion-length 64 --learning-rate 1e-5 --max-steps 200"
          + " --loss-type dapo --beta 0;"
          + " LoRA: --lora-r, --lora-alpha, --lora-dropout, --lora-target-modules.",
      "Progress goes to stderr, a JSON summary line to stdout."
    })
public final class GrpoCommand implements Callable<Integer> {

  @Mixin TrainOptions options;

  private CommandSpec spec;

  /** Picocli hands the spec over here; the footer lists every config flag (see ConfigFlags). */
  @Spec
  void spec(CommandSpec spec) {
    this.spec = spec;
    TrainOptions.listConfigFlags(spec, ConfigFlags.grpoHelp());
  }

  @Option(
      names = "--prompts",
      required = true,
      description =
          "JSONL of TRL's prompt-only layout: {\"prompt\": text or messages, ...}; other columns"
              + " (e.g. answer) are handed to the rewards.")
  Path prompts;

  @Option(
      names = "--reward",
      required = true,
      description = "Reward config (JSON), e.g. {\"rewards\": [{\"type\": \"exact\", ...}]}.")
  Path reward;

  @Unmatched List<String> configFlags = new ArrayList<>();

  @Override
  public Integer call() {
    options.rest = configFlags;
    GrpoConfig config = ConfigFlags.grpo(options.configArgs());
    LoraConfig lora = options.loraConfig();
    requireFile("--prompts", prompts);
    if (!Files.isRegularFile(options.model.resolve("config.json"))) {
      throw new IllegalArgumentException(
          "--model " + options.model + ": not a model directory (no config.json)");
    }
    List<LanguageModel> judges = new ArrayList<>();
    try {
      RewardSet rewards = RewardFiles.read("--reward", reward, judges);
      TrainingResult result =
          new GrpoTrainer(config, lora)
              .train(
                  options.model,
                  JsonlReader.readPrompts(prompts),
                  rewards,
                  options.output,
                  options.resume,
                  TrainingListener.NONE);
      options.finish(result, lora, spec.commandLine().getOut());
    } finally {
      judges.forEach(LanguageModel::close);
    }
    return 0;
  }

  private static void requireFile(String flag, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(flag + " " + file + ": no such file");
    }
  }
}
