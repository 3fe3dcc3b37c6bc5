package io.postrain.cli.command;

import io.postrain.data.JsonlReader;
import io.postrain.train.ConfigFlags;
import io.postrain.train.LoraConfig;
import io.postrain.train.SftConfig;
import io.postrain.train.SftTrainer;
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

/** {@code postrain sft}: supervised fine-tuning (full or LoRA). */
@Command(
    name = "sft",
    mixinStandardHelpOptions = true,
    description = {
      "Supervised fine-tuning. Every SftConfig field is a kebab-case flag (all listed below),"
          + " e.g."
          + " --learning-rate 2e-5 --num-train-epochs 3 --max-length 1024;"
          + " LoRA: --lora-r, --lora-alpha, --lora-dropout, --lora-target-modules.",
      "Progress goes to stderr, a JSON summary line to stdout."
    })
public final class SftCommand implements Callable<Integer> {

  @Mixin TrainOptions options;

  private CommandSpec spec;

  /** Picocli hands the spec over here; the footer lists every config flag (see ConfigFlags). */
  @Spec
  void spec(CommandSpec spec) {
    this.spec = spec;
    TrainOptions.listConfigFlags(spec, ConfigFlags.sftHelp());
  }

  @Option(names = "--data", required = true, description = "JSONL training data")
  Path data;

  @Unmatched List<String> configFlags = new ArrayList<>();

  @Override
  public Integer call() {
    options.rest = configFlags;
    SftConfig config = ConfigFlags.sft(options.configArgs());
    LoraConfig lora = options.loraConfig();
    TrainingResult result =
        new SftTrainer(config, lora)
            .train(
                options.model,
                JsonlReader.readSft(data),
                options.output,
                options.resume,
                TrainingListener.NONE);
    options.finish(result, lora, spec.commandLine().getOut());
    return 0;
  }
}
