package io.postrain.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.postrain.lm.Decoder;
import io.postrain.lm.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoder over random weights made directly in native memory (nothing on disk): N(0, 0.02)
 * matrices, norms of ones. Also the weight counts that set the limits of generation.
 */
final class InMemoryModel {

  private static final String EMBED = "model.embed_tokens.weight";

  private InMemoryModel() {}

  /** A decoder whose weights live in {@code manager}. */
  static Decoder randomDecoder(ModelConfig config, NDManager manager) {
    Map<String, NDArray> weights = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
      Shape shape = new Shape(e.getValue());
      NDArray w =
          e.getKey().endsWith("norm.weight")
              ? manager.ones(shape, DataType.FLOAT32)
              : manager.randomNormal(0f, 0.02f, shape, DataType.FLOAT32, manager.getDevice());
      weights.put(e.getKey(), w);
    }
    return new Decoder(config, weights);
  }

  /**
   * Weights multiplied once per token by a full forward: every tensor except the embedding table,
   * plus the output head (the tied embedding when tied).
   */
  static long matmulWeightsPerToken(ModelConfig config) {
    long count = 0;
    for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
      if (!e.getKey().equals(EMBED)) {
        count += elements(e.getValue());
      }
    }
    if (config.tieWordEmbeddings()) {
      count += (long) config.vocabSize() * config.hiddenSize();
    }
    return count;
  }

  /** Weights of the output head (V x D). */
  static long headWeights(ModelConfig config) {
    return (long) config.vocabSize() * config.hiddenSize();
  }

  private static long elements(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }
}
