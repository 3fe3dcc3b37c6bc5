package io.postrain.cli.command;

import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain init-model}: writes a checkpoint with random weights (N(0, 0.02), norms 1), the
 * byte-level tokenizer and the ChatML template, and prints its path. Sizes default to the tiny
 * model of the architecture (see {@link ModelConfigBuilder}).
 */
@Command(
    name = "init-model",
    mixinStandardHelpOptions = true,
    description = "Write a random-weight checkpoint (HF layout) and print its path.")
public final class InitModelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "Directory to write.")
  Path out;

  @Option(
      names = "--arch",
      defaultValue = "qwen3",
      description = "qwen3, qwen2 or llama (default ${DEFAULT-VALUE}).")
  String arch;

  @Option(names = "--hidden-size", description = "Model width D.")
  Integer hiddenSize;

  @Option(names = "--intermediate-size", description = "MLP width F.")
  Integer intermediateSize;

  @Option(names = "--num-layers", description = "Decoder layers L.")
  Integer numLayers;

  @Option(names = "--num-heads", description = "Query heads H.")
  Integer numHeads;

  @Option(names = "--num-kv-heads", description = "Key/value heads (divides H).")
  Integer numKvHeads;

  @Option(names = "--head-dim", description = "Per-head width.")
  Integer headDim;

  @Option(names = "--vocab-size", description = "Vocabulary size, >= 261.")
  Integer vocabSize;

  @Option(
      names = "--dtype",
      defaultValue = "float32",
      description = "Stored dtype: float32 or bfloat16 (default ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (!dtype.equals("float32") && !dtype.equals("bfloat16")) {
      throw new IllegalArgumentException("--dtype " + dtype + ": accepted are float32, bfloat16");
    }
    ModelConfigBuilder b = ModelConfigBuilder.tiny(arch).torchDtype(dtype);
    if (hiddenSize != null) {
      b.hiddenSize(hiddenSize);
    }
    if (intermediateSize != null) {
      b.intermediateSize(intermediateSize);
    }
    if (numLayers != null) {
      b.numHiddenLayers(numLayers);
    }
    if (numHeads != null) {
      b.numAttentionHeads(numHeads);
    }
    if (numKvHeads != null) {
      b.numKeyValueHeads(numKvHeads);
    }
    if (headDim != null) {
      b.headDim(headDim);
    }
    if (vocabSize != null) {
      b.vocabSize(vocabSize);
    }
    ModelConfig config = b.build();
    Path written = RandomCheckpoint.write(out, config, RandomCheckpoint.Options.of(seed, dtype));
    spec.commandLine().getOut().println(written.toAbsolutePath().normalize());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
