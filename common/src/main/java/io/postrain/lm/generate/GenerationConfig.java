package io.postrain.lm.generate;

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
 * @param stopStrings generation of a sequence also ends once its decoded text (special tokens
 *     skipped) contains any of these; the completion's text ends before the first occurrence (as
 *     OpenAI's {@code stop}), its token ids keep every generated token; may be empty, none empty
 * @param topLogprobs -1: no log-probabilities; 0 to {@link #MAX_TOP_LOGPROBS}: each generated
 *     token's log-probability and that many of the most likely tokens at its position (see {@link
 *     TokenLogprob})
 */
public record GenerationConfig(
    int maxNewTokens,
    double temperature,
    int topK,
    double topP,
    long seed,
    int n,
    List<Integer> stopTokenIds,
    List<String> stopStrings,
    int topLogprobs) {

  /** The most top log-probabilities per token, as OpenAI's {@code top_logprobs}. */
  public static final int MAX_TOP_LOGPROBS = 20;

  /** A config without stop strings and without log-probabilities. */
  public GenerationConfig(
      int maxNewTokens,
      double temperature,
      int topK,
      double topP,
      long seed,
      int n,
      List<Integer> stopTokenIds) {
    this(maxNewTokens, temperature, topK, topP, seed, n, stopTokenIds, List.of(), -1);
  }

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
    stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
    if (stopStrings.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("stopStrings must not hold an empty string");
    }
    if (topLogprobs < -1 || topLogprobs > MAX_TOP_LOGPROBS) {
      throw new IllegalArgumentException(
          "topLogprobs must be -1 (off) or 0 to " + MAX_TOP_LOGPROBS + ", got " + topLogprobs);
    }
  }

  /** This config with other stop strings. */
  public GenerationConfig withStopStrings(List<String> strings) {
    return new GenerationConfig(
        maxNewTokens, temperature, topK, topP, seed, n, stopTokenIds, strings, topLogprobs);
  }

  /** This config with log-probabilities: -1 off, else the top count. */
  public GenerationConfig withTopLogprobs(int count) {
    return new GenerationConfig(
        maxNewTokens, temperature, topK, topP, seed, n, stopTokenIds, stopStrings, count);
  }

  /** Whether generated tokens carry their log-probabilities. */
  public boolean hasLogprobs() {
    return topLogprobs >= 0;
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
