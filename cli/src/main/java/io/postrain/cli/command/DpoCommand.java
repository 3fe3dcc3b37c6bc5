package io.postrain.cli.command;

import io.postrain.data.JsonlReader;
import io.postrain.train.ConfigFlags;
import io.postrain.train.DpoConfig;
import io.postrain.train.DpoTrainer;
import io.postrain.train.LoraConfig;
import io.postrain.train.TrainingListener;
import io.postrain.train.TrainingResult;
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

/** {@code postrain dpo}: direct preference optimisation (full or LoRA). */
@Command(
    name = "dpo",
    mixinStandardHelpOptions = true,
    description = {
      "Direct preference optimisation. Every DpoConfig field is a kebab-case flag (all"
          + " listed below), e.g."
          + " --beta 0.1 --loss-type sigmoid --learning-rate 1e-6;"
          + " the general-skill regulariser: --regularization-weight W --regularization-data"
          + " sft.jsonl;"
          + " LoRA: --lora-r, --lora-alpha, --lora-dropout, --lora-target-modules.",
      "Progress goes to stderr, a JSON summary line to stdout."
    })
public final class DpoCommand implements Callable<Integer> {

  @Mixin TrainOptions options;

  private CommandSpec spec;

  /** Picocli hands the spec over here; the footer lists every config flag (see ConfigFlags). */
  @Spec
  void spec(CommandSpec spec) {
    this.spec = spec;
    TrainOptions.listConfigFlags(spec, ConfigFlags.dpoHelp());
  }

  @Option(names = "--data", required = true, description = "JSONL training data")
  Path data;

  @Option(
      names = "--regularization-data",
      description =
          "SFT JSONL rehearsed by the general-skill regulariser (needs --regularization-weight >"
              + " 0).")
  Path regularizationData;

  @Unmatched List<String> configFlags = new ArrayList<>();

  @Override
  public Integer call() {
    options.rest = configFlags;
    DpoConfig config = ConfigFlags.dpo(options.configArgs());
    LoraConfig lora = options.loraConfig();
    TrainingResult result =
        new DpoTrainer(config, lora)
            .train(
                options.model,
                JsonlReader.readPreference(data),
                regularizationData == null ? List.of() : JsonlReader.readSft(regularizationData),
                options.output,
                options.resume,
                TrainingListener.NONE);
    options.finish(result, lora, spec.commandLine().getOut());
    return 0;
  }
}
