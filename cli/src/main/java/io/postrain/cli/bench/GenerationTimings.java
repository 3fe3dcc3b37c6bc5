package io.postrain.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.postrain.lm.Decoder;
import io.postrain.lm.KvCache;
import java.util.Arrays;
import java.util.Random;

/**
 * Prefill and greedy decoding speed of one decoder on one sequence (batch 1), the way {@code
 * Generator} runs it: hidden states of the new tokens, output head on the last position only,
 * argmax read back to Java.
 *
 * @param prefillTokensPerSecond prompt tokens per second of one prefill into an empty cache (best
 *     of the runs)
 * @param cachedTokensPerSecond new tokens per second, one token per step with the KV cache
 * @param uncachedTokensPerSecond new tokens per second, recomputing the whole sequence each step
 * @param uncachedSteps steps run without the cache
 * @param headShare share of the cached decode time spent in the output head (lm_head on the last
 *     position, logits read back and argmax) rather than in the layers
 */
record GenerationTimings(
    double prefillTokensPerSecond,
    double cachedTokensPerSecond,
    double uncachedTokensPerSecond,
    int uncachedSteps,
    double headShare) {

  /** Runs a warm-up, {@code prefillReps} timed prefills, one cached and one uncached decode. */
  static GenerationTimings measure(
      Decoder decoder,
      NDManager manager,
      int promptTokens,
      int newTokens,
      int uncachedSteps,
      int prefillReps) {
    long[] prompt = new long[promptTokens];
    Random random = new Random(1);
    for (int i = 0; i < promptTokens; i++) {
      prompt[i] = random.nextInt(decoder.config().vocabSize());
    }
    int capacity = promptTokens + newTokens;
    double prefill = 0;
    double cached = 0;
    double headShare = 0;
    long[] headNanos = new long[1];
    for (int rep = 0; rep <= prefillReps; rep++) { // rep 0 warms up
      try (NDManager m = manager.newSubManager();
          KvCache cache = new KvCache(decoder.config(), m, capacity)) {
        long start = System.nanoTime();
        long next = lastArgmax(decoder, m, prompt, cache, new long[1]);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rep > 0) {
          prefill = Math.max(prefill, promptTokens / seconds);
        }
        if (rep == prefillReps) {
          start = System.nanoTime();
          for (int s = 0; s < newTokens; s++) {
            next = lastArgmax(decoder, m, new long[] {next}, cache, headNanos);
          }
          long total = System.nanoTime() - start;
          cached = newTokens / (total / 1e9);
          headShare = (double) headNanos[0] / total;
        }
      }
    }
    long[] sequence = new long[promptTokens + uncachedSteps];
    System.arraycopy(prompt, 0, sequence, 0, promptTokens);
    long start = System.nanoTime();
    for (int s = 0; s < uncachedSteps; s++) {
      long[] seen = Arrays.copyOf(sequence, promptTokens + s);
      try (NDManager m = manager.newSubManager()) {
        sequence[promptTokens + s] = lastArgmax(decoder, m, seen, null, new long[1]);
      }
    }
    double uncached = uncachedSteps / ((System.nanoTime() - start) / 1e9);
    return new GenerationTimings(prefill, cached, uncached, uncachedSteps, headShare);
  }

  /**
   * The greedy next token after {@code ids} (1, T), extending {@code cache} when not null; adds the
   * nanoseconds spent in the output head to {@code headNanos[0]}.
   */
  private static long lastArgmax(
      Decoder decoder, NDManager m, long[] ids, KvCache cache, long[] headNanos) {
    try (NDManager step = m.newSubManager()) {
      NDArray input = step.create(ids, new Shape(1, ids.length)); // (1, T)
      NDArray hidden = decoder.hiddenStates(input, null, cache); // (1, T, D)
      NDArray last = hidden.get(new NDIndex(":, -1:, :")); // (1, 1, D)
      long start = System.nanoTime();
      float[] logits = decoder.logits(last).toFloatArray(); // (V)
      int best = 0;
      for (int i = 1; i < logits.length; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      headNanos[0] += System.nanoTime() - start;
      return best;
    }
  }
}
