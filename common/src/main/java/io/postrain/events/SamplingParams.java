package io.postrain.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to sample completions, with the ranges of OpenAI's and Hugging Face's generation APIs.
 *
 * @param maxNewTokens most tokens to generate per candidate, at least 1 (HF {@code max_new_tokens})
 * @param temperature softmax temperature, at least 0; 0 means greedy decoding
 * @param topP nucleus sampling mass, in (0, 1]; 1 disables it
 * @param topK sample among the k most likely tokens, at least 0; 0 disables it
 * @param seed random seed for reproducible sampling, or null for a random one
 * @param n candidates per prompt, 1 to 64
 */
public record SamplingParams(
    int maxNewTokens, double temperature, double topP, int topK, Long seed, int n) {

  /** Default for {@link #maxNewTokens} when a JSON payload leaves it out. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 256;

  /** Sampling with every default: 256 new tokens, temperature 1, no top-p/top-k cut, n 1. */
  public static final SamplingParams DEFAULTS =
      new SamplingParams(DEFAULT_MAX_NEW_TOKENS, 1.0, 1.0, 0, null, 1);

  public SamplingParams {
    Checks.range("maxNewTokens", maxNewTokens, 1, Integer.MAX_VALUE);
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new InvalidEventException(
          "temperature", "temperature is " + temperature + ": accepted is a finite number >= 0");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new InvalidEventException("topP", "topP is " + topP + ": accepted is 0 < topP <= 1");
    }
    Checks.range("topK", topK, 0, Integer.MAX_VALUE);
    Checks.range("n", n, 1, 64);
  }

  /** Reads sampling parameters from JSON, filling every left-out field from {@link #DEFAULTS}. */
  @JsonCreator
  public static SamplingParams fromJson(
      @JsonProperty("maxNewTokens") Integer maxNewTokens,
      @JsonProperty("temperature") Double temperature,
      @JsonProperty("topP") Double topP,
      @JsonProperty("topK") Integer topK,
      @JsonProperty("seed") Long seed,
      @JsonProperty("n") Integer n) {
    return new SamplingParams(
        maxNewTokens == null ? DEFAULTS.maxNewTokens : maxNewTokens,
        temperature == null ? DEFAULTS.temperature : temperature,
        topP == null ? DEFAULTS.topP : topP,
        topK == null ? DEFAULTS.topK : topK,
        seed,
        n == null ? DEFAULTS.n : n);
  }
}
