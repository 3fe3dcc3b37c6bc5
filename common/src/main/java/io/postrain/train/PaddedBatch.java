package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Sequences padded on the right into arrays, with the causal shift already applied to the labels:
 * {@code labels[b, t] = inputIds[b, t + 1]} and {@code lossMask[b, t] = 1} when that label is
 * trained, so {@code logits[b, t]} (which sees tokens 0..t) scores {@code labels[b, t]}; the last
 * position and padding have mask 0.
 *
 * <p>Dimensions: B = sequences, T = longest sequence.
 *
 * @param inputIds (B, T) int64, padding = the pad id
 * @param attentionMask (B, T) int64, 1 for real tokens
 * @param labels (B, T) int64
 * @param lossMask (B, T) f32
 * @param trainedTokens per sequence, its number of trained labels
 */
record PaddedBatch(
    NDArray inputIds,
    NDArray attentionMask,
    NDArray labels,
    NDArray lossMask,
    int[] trainedTokens) {

  /** The arrays of {@code sequences}, created in {@code manager}. */
  static PaddedBatch of(List<TokenizedSequence> sequences, long padId, NDManager manager) {
    int b = sequences.size();
    int t = sequences.stream().mapToInt(TokenizedSequence::length).max().orElse(1);
    long[] ids = new long[b * t];
    long[] attention = new long[b * t];
    long[] labels = new long[b * t];
    float[] mask = new float[b * t];
    int[] trained = new int[b];
    for (int r = 0; r < b; r++) {
      TokenizedSequence s = sequences.get(r);
      for (int i = 0; i < t; i++) {
        int at = r * t + i;
        ids[at] = i < s.length() ? s.id(i) : padId;
        attention[at] = i < s.length() ? 1 : 0;
        if (i + 1 < s.length()) {
          labels[at] = s.id(i + 1);
          mask[at] = s.trained(i + 1) ? 1f : 0f;
        }
      }
      trained[r] = s.trainedTokens();
    }
    Shape shape = new Shape(b, t);
    return new PaddedBatch(
        manager.create(ids, shape),
        manager.create(attention, shape),
        manager.create(labels, shape),
        manager.create(mask, shape),
        trained);
  }
}
