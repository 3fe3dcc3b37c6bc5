package io.postrain.cli.command;

import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.GenerationConfig;
import picocli.CommandLine.Option;

/** The decoding flags shared by {@code generate} and {@code chat}; temperature 0 = greedy. */
final class SamplingOptions {

  @Option(
      names = "--max-new-tokens",
      defaultValue = "128",
      description = "Most tokens generated per answer (default ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(
      names = "--temperature",
      defaultValue = "0",
      description = "Sampling temperature; 0 = greedy (default ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--top-p",
      defaultValue = "1",
      description = "Nucleus sampling mass in (0, 1]; 1 = off (default ${DEFAULT-VALUE}).")
  double topP;

  @Option(
      names = "--top-k",
      defaultValue = "0",
      description = "Keep the k most likely tokens; 0 = off (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the sampler (default ${DEFAULT-VALUE}).")
  long seed;

  /** Whether decoding is greedy (the reference call {@code generateResponses}). */
  boolean greedy() {
    return temperature == 0;
  }

  /** The generation config for one answer of {@code model}; validates the flags. */
  GenerationConfig config(LanguageModel model) {
    try {
      return model.generationConfig(maxNewTokens, temperature, topK, topP, seed, 1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad sampling flag: " + e.getMessage(), e);
    }
  }
}
