package io.postrain.lm.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Sampling as transformers' TemperatureLogitsWarper, TopKLogitsWarper and TopPLogitsWarper followed
 * by a multinomial draw: probabilities {@code softmax(logits / temperature)}; top-k keeps the
 * tokens whose logit is at least the k-th largest; top-p keeps, in order of decreasing probability
 * (renormalised after top-k), each token whose preceding mass is below topP (so at least one); then
 * one token is drawn by inverse CDF from the kept ones.
 *
 * <p>Dimensions: V = vocab, K = kept tokens.
 */
public final class TemperatureSampler implements Sampler {

  /** Probability floors tried, largest first, to avoid sorting the whole vocabulary for top-p. */
  private static final double[] FLOORS = {1e-4, 1e-7, 1e-10, 0};

  private final double temperature;
  private final int topK;
  private final double topP;

  /** Arguments as in {@link GenerationConfig}; temperature must be > 0 here. */
  public TemperatureSampler(double temperature, int topK, double topP) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be finite and > 0 for sampling, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0 (0 = disabled), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1] (1 = disabled), got " + topP);
    }
    this.temperature = temperature;
    this.topK = topK;
    this.topP = topP;
  }

  @Override
  public int sample(float[] logits, Random random) {
    int[] kept = topK > 0 && topK < logits.length ? topK(logits) : all(logits.length); // (K)
    double max = Double.NEGATIVE_INFINITY;
    for (int i : kept) {
      max = Math.max(max, logits[i] / temperature);
    }
    double[] p = new double[kept.length]; // (K) unnormalised softmax
    double sum = 0;
    for (int j = 0; j < kept.length; j++) {
      p[j] = Math.exp(logits[kept[j]] / temperature - max);
      sum += p[j];
    }
    for (int j = 0; j < kept.length; j++) {
      p[j] /= sum;
    }
    if (topP < 1) {
      return nucleus(kept, p, random);
    }
    return draw(kept, p, kept.length, random);
  }

  /** Indices whose logit is >= the k-th largest logit. */
  private int[] topK(float[] logits) {
    float[] heap = new float[topK]; // min-heap of the k largest values seen
    int size = 0;
    for (float x : logits) {
      if (size < topK) {
        heap[size++] = x;
        siftUp(heap, size - 1);
      } else if (x > heap[0]) {
        heap[0] = x;
        siftDown(heap, size);
      }
    }
    float kth = heap[0];
    int count = 0;
    for (float x : logits) {
      if (x >= kth) {
        count++;
      }
    }
    int[] kept = new int[count];
    int j = 0;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] >= kth) {
        kept[j++] = i;
      }
    }
    return kept;
  }

  /** Top-p over the kept tokens: sorts only the tokens above a floor that holds mass >= topP. */
  private int nucleus(int[] kept, double[] p, Random random) {
    for (double floor : FLOORS) {
      double mass = 0;
      int count = 0;
      for (double q : p) {
        if (q >= floor) {
          mass += q;
          count++;
        }
      }
      if (mass < topP && floor > 0) {
        continue;
      }
      // (count) packed as (descending probability, ascending index) for one primitive sort
      long[] order = new long[count];
      int j = 0;
      for (int i = 0; i < p.length; i++) {
        if (p[i] >= floor) {
          int bits = Float.floatToIntBits((float) p[i]);
          order[j++] = ((long) (Integer.MAX_VALUE - bits) << 32) | i;
        }
      }
      Arrays.sort(order);
      int[] ids = new int[count];
      double[] probs = new double[count];
      double before = 0;
      int n = 0;
      while (n < count && (n == 0 || before < topP)) {
        int i = (int) order[n];
        ids[n] = kept[i];
        probs[n] = p[i];
        before += p[i];
        n++;
      }
      return draw(ids, probs, n, random);
    }
    throw new IllegalStateException("unreachable: the last floor is 0");
  }

  /** Inverse-CDF draw among the first n tokens, weights renormalised. */
  private static int draw(int[] ids, double[] probs, int n, Random random) {
    double total = 0;
    for (int j = 0; j < n; j++) {
      total += probs[j];
    }
    double u = random.nextDouble() * total;
    double cumulative = 0;
    for (int j = 0; j < n; j++) {
      cumulative += probs[j];
      if (u < cumulative) {
        return ids[j];
      }
    }
    return ids[n - 1];
  }

  private static int[] all(int v) {
    int[] ids = new int[v];
    for (int i = 0; i < v; i++) {
      ids[i] = i;
    }
    return ids;
  }

  private static void siftUp(float[] heap, int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (heap[parent] <= heap[i]) {
        return;
      }
      float tmp = heap[parent];
      heap[parent] = heap[i];
      heap[i] = tmp;
      i = parent;
    }
  }

  private static void siftDown(float[] heap, int size) {
    int i = 0;
    while (true) {
      int smallest = i;
      int left = 2 * i + 1;
      int right = left + 1;
      if (left < size && heap[left] < heap[smallest]) {
        smallest = left;
      }
      if (right < size && heap[right] < heap[smallest]) {
        smallest = right;
      }
      if (smallest == i) {
        return;
      }
      float tmp = heap[smallest];
      heap[smallest] = heap[i];
      heap[i] = tmp;
      i = smallest;
    }
  }
}
