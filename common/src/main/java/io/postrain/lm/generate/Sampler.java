package io.postrain.lm.generate;

import java.util.Random;

/** Picks the next token from one position's logits. */
@FunctionalInterface
public interface Sampler {

  /**
   * @param logits (V) the last position's logits of one sequence
   * @param random this sequence's own random source (unused by greedy decoding)
   * @return the chosen token id
   */
  int sample(float[] logits, Random random);

  /** Greedy when temperature is 0, otherwise temperature / top-k / top-p sampling. */
  static Sampler of(GenerationConfig config) {
    return config.isGreedy()
        ? new GreedySampler()
        : new TemperatureSampler(config.temperature(), config.topK(), config.topP());
  }
}
