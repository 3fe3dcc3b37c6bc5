package io.postrain.lm.checkpoint;

import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.tokenizer.ByteLevelTokenizerFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a checkpoint directory with random weights, the byte-level tokenizer files and the ChatML
 * template: the tiny models tests and {@code init-model} build themselves.
 *
 * <p>Weights ~ N(0, initStd), biases ~ N(0, initStd), norm weights = 1 (or 1 + N(0, 0.1) with
 * {@code randomizeNorms}, so a test notices a norm that is applied wrongly or not at all). Each
 * tensor draws from its own {@link Random} seeded from (seed, name), so a seed reproduces the same
 * weights on every JVM.
 */
public final class RandomCheckpoint {

  /**
   * How to initialise.
   *
   * @param seed the seed; equal seeds give equal weights
   * @param torchDtype float32 or bfloat16, the stored dtype
   * @param initStd standard deviation of weights and biases (default 0.02)
   * @param randomizeNorms whether norm weights are 1 + N(0, 0.1) instead of 1
   */
  public record Options(long seed, String torchDtype, double initStd, boolean randomizeNorms) {
    public Options {
      SafetensorsDtype.fromTorchName(torchDtype);
      if (!(initStd >= 0)) {
        throw new IllegalArgumentException("initStd must be >= 0, got " + initStd);
      }
    }

    /** initStd 0.02, norms exactly 1. */
    public static Options of(long seed, String torchDtype) {
      return new Options(seed, torchDtype, 0.02, false);
    }
  }

  private static final double NORM_STD = 0.1;

  private RandomCheckpoint() {}

  /** Writes a random checkpoint (initStd 0.02, norms 1) into {@code dir}; returns {@code dir}. */
  public static Path write(Path dir, ModelConfig config, long seed, String torchDtype) {
    return write(dir, config, Options.of(seed, torchDtype));
  }

  /** Writes config, random weights and byte-level tokenizer files into {@code dir}. */
  public static Path write(Path dir, ModelConfig config, Options options) {
    if (config.vocabSize() < ByteLevelTokenizerFiles.TOKEN_COUNT) {
      throw new CheckpointException(
          "vocab_size " + config.vocabSize() + " is below the byte-level tokenizer's 261 tokens");
    }
    SafetensorsDtype dtype = SafetensorsDtype.fromTorchName(options.torchDtype());
    ByteLevelTokenizerFiles.write(dir, config.maxPositionEmbeddings());
    CheckpointWriter.writeFloats(
        dir, config, weights(config, options), new CheckpointWriter.Options(dtype, 0, null));
    return dir;
  }

  /** The random weights by Hugging Face name, as f32 (before any bf16 rounding). */
  public static Map<String, float[]> weights(ModelConfig config, Options options) {
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
      String name = e.getKey();
      long count = 1;
      for (long s : e.getValue()) {
        count = Math.multiplyExact(count, s);
      }
      float[] data = new float[Math.toIntExact(count)];
      Random random = new Random(options.seed() * 1_000_003L + name.hashCode());
      boolean norm = name.endsWith("norm.weight");
      for (int i = 0; i < data.length; i++) {
        if (norm) {
          data[i] = options.randomizeNorms() ? (float) (1 + NORM_STD * random.nextGaussian()) : 1f;
        } else {
          data[i] = (float) (options.initStd() * random.nextGaussian());
        }
      }
      weights.put(name, data);
    }
    return weights;
  }

  /** A small valid config of {@code arch} (qwen3, qwen2, llama); see {@link ModelConfigBuilder}. */
  public static ModelConfig tinyConfig(String arch) {
    return ModelConfigBuilder.tiny(arch).build();
  }
}
