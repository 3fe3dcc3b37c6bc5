package io.postrain.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.train.ConfigFlags;
import io.postrain.train.LoraConfig;
import io.postrain.train.LoraMerge;
import io.postrain.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code sft}, {@code dpo} and {@code grpo}: model and output paths, resume, LoRA
 * and merge; every other {@code --flag} is a config field in kebab case, handed to {@link
 * ConfigFlags}.
 */
final class TrainOptions {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--model", required = true, description = "base model directory (HF layout)")
  Path model;

  @Option(names = "--output", required = true, description = "output directory")
  Path output;

  @Option(names = "--resume", description = "continue from the newest checkpoint in --output")
  boolean resume;

  @Option(names = "--lora", description = "train a LoRA adapter (implied by any --lora-* flag)")
  boolean lora;

  @Option(
      names = "--merge",
      description = "with LoRA, also write merged weights to <output>/merged")
  boolean merge;

  /**
   * Puts {@code fieldHelp} (one of {@link ConfigFlags#sftHelp()} ...) under the option list of
   * {@code --help}, as TRL's {@code trl dpo --help} lists its config fields.
   */
  static void listConfigFlags(CommandSpec spec, String fieldHelp) {
    String nl = System.lineSeparator();
    String text =
        nl
            + "Config fields (--flag value or --flag=value; lists with commas; none = null):"
            + nl
            + nl
            + fieldHelp.replace("\n", nl);
    // Rendered as is: picocli would re-wrap the lines at 80 columns without their indent.
    spec.usageMessage().sectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> text);
  }

  /** The arguments picocli did not match, set by the command (its {@code @Unmatched} field). */
  List<String> rest = new ArrayList<>();

  /** The flags that are not LoRA flags, for the method's config. */
  List<String> configArgs() {
    return split(false);
  }

  /** The LoRA config, or null when LoRA is off. */
  LoraConfig loraConfig() {
    List<String> loraArgs = split(true);
    if (!lora && loraArgs.isEmpty()) {
      if (merge) {
        throw new IllegalArgumentException("--merge needs LoRA (--lora or --lora-r ...)");
      }
      return null;
    }
    return ConfigFlags.lora(loraArgs);
  }

  /** Splits the unmatched arguments into LoRA flags (with values) and the others. */
  private List<String> split(boolean wantLora) {
    Set<String> loraFlags = ConfigFlags.loraFlags();
    List<String> out = new ArrayList<>();
    boolean current = false;
    for (String arg : rest) {
      if (arg.startsWith("--")) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        current = loraFlags.contains(name);
      }
      if (current == wantLora) {
        out.add(arg);
      }
    }
    return out;
  }

  /** Merges when asked, then prints the one-line JSON summary on stdout. */
  void finish(TrainingResult result, LoraConfig loraConfig, PrintWriter out) {
    ObjectNode summary = JSON.createObjectNode();
    summary.put("output", result.outputDir().toAbsolutePath().toString());
    summary.put("global_step", result.globalStep());
    summary.put("elapsed_seconds", result.elapsed().toMillis() / 1000.0);
    summary.put("dropped_examples", result.droppedExamples());
    summary.put("lora", loraConfig != null);
    if (merge && loraConfig != null) {
      Path merged = output.resolve("merged");
      LoraMerge.merge(model, output, merged);
      summary.put("merged", merged.toAbsolutePath().toString());
    }
    ObjectNode metrics = summary.putObject("metrics");
    result.lastMetrics().forEach(metrics::put);
    out.println(summary);
    out.flush();
  }
}
