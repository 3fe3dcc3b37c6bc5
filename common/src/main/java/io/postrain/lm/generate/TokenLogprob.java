package io.postrain.lm.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The log-probability of one generated token and of the most likely tokens at its position, under
 * the model's own distribution: {@code log_softmax(logits)} of the logits the token was picked
 * from, before temperature, top-k and top-p (as OpenAI reports them: they describe the model, not
 * the sampler, so they are the same for every temperature).
 *
 * <p>Dimensions: V = vocab, N = top count.
 *
 * @param tokenId the generated token
 * @param logprob its log-probability, <= 0
 * @param top the N most likely tokens, most likely first (ties by lower id first); the generated
 *     token is among them when it ranks within N, with the same value
 */
public record TokenLogprob(long tokenId, double logprob, List<Top> top) {

  public TokenLogprob {
    top = List.copyOf(top);
  }

  /**
   * One of the most likely tokens.
   *
   * @param tokenId the token
   * @param logprob its log-probability, <= 0
   */
  public record Top(long tokenId, double logprob) {}

  /**
   * Computes the log-softmax of one row of logits, in double precision.
   *
   * @param logits (rows * V) the step's logits, flattened
   * @param offset where this row starts
   * @param v the vocabulary size V
   * @param chosen the generated token
   * @param topCount N, how many of the most likely tokens to report, >= 0
   */
  public static TokenLogprob fromLogits(
      float[] logits, int offset, int v, long chosen, int topCount) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double sum = 0;
    for (int i = 0; i < v; i++) {
      sum += Math.exp(logits[offset + i] - max);
    }
    double logZ = max + Math.log(sum); // log sum exp
    int[] best = topIds(logits, offset, v, Math.min(topCount, v)); // (N)
    List<Top> top = new ArrayList<>(best.length);
    for (int id : best) {
      top.add(new Top(id, logits[offset + id] - logZ));
    }
    return new TokenLogprob(chosen, logits[offset + (int) chosen] - logZ, top);
  }

  /** The n largest logits' ids by insertion into a sorted array (n is small, at most 20). */
  private static int[] topIds(float[] logits, int offset, int v, int n) {
    int[] ids = new int[n];
    int size = 0;
    for (int i = 0; i < v; i++) {
      float x = logits[offset + i];
      if (size == n && (n == 0 || x <= logits[offset + ids[n - 1]])) {
        continue;
      }
      int j = size < n ? size++ : n - 1;
      while (j > 0 && logits[offset + ids[j - 1]] < x) {
        ids[j] = ids[j - 1];
        j--;
      }
      ids[j] = i;
    }
    return ids;
  }
}
