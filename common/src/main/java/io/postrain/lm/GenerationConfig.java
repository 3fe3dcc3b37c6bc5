package io.postrain.lm;

import java.util.List;

/**
 * How {@link Generator} continues prompts. Sampling follows transformers' order: temperature, then
 * top-k, then top-p.
 *
 * @param maxNewTokens the most tokens generated per sequence, >= 1
 * @param temperature logits are divided by it before sampling; 0 means greedy (argmax), >= 0
 * @param topK keep only the k most likely tokens (ties at the k-th value kept); 0 disables, >= 0
 * @param topP keep the smallest set of most likely tokens whose probability reaches topP; 1
 *     disables, in (0, 1]
 * @param seed seeds the sampler; candidate c of any prompt draws from a generator seeded by (seed,
 *     c), so results do not depend on which other prompts share the batch
 * @param n candidates generated per prompt, >= 1
 * @param stopTokenIds generation of a sequence ends after any of these (the stop token is included
 *     in the output, as transformers does with eos); may be empty
 */
public record GenerationConfig(
    int maxNewTokens,
    double temperature,
    int topK,
    double topP,
    long seed,
    int n,
    List<Integer> stopTokenIds) {

  public GenerationConfig {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be a finite number >= 0 (0 = greedy), got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0 (0 = disabled), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1] (1 = disabled), got " + topP);
    }
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    stopTokenIds = stopTokenIds == null ? List.of() : List.copyOf(stopTokenIds);
  }

  /** Greedy decoding of one candidate per prompt. */
  public static GenerationConfig greedy(int maxNewTokens, List<Integer> stopTokenIds) {
    return new GenerationConfig(maxNewTokens, 0, 0, 1, 0, 1, stopTokenIds);
  }

  /** Whether the next token is the argmax rather than a sample. */
  public boolean isGreedy() {
    return temperature == 0;
  }
}
