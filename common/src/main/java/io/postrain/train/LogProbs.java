package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Log-probabilities of label tokens under a language model's logits, differentiable with respect to
 * the logits (array-array ops only).
 *
 * <p>Dimensions: B = batch, T = positions, V = vocabulary.
 *
 * <p><b>Alignment</b>: {@code logits[b, t]} scores {@code labels[b, t]}; no shift happens here. For
 * a causal LM over {@code inputIds} (B, T+1) the caller passes {@code logits[:, :-1]} and {@code
 * labels = inputIds[:, 1:]}, with {@code lossMask = completionMask[:, 1:]} (1 where the label token
 * is trained on). Labels under a 0 mask may hold anything, e.g. -100 or padding: they are replaced
 * by 0 before the gather and then masked out.
 */
public final class LogProbs {

  private LogProbs() {}

  /**
   * Per-token log-probabilities {@code log softmax(logits)[b, t, labels[b, t]]}.
   *
   * @param logits (B, T, V) float
   * @param labels (B, T) int64, valid token ids where {@code lossMask} is 1
   * @param lossMask (B, T), 1/0 (any numeric type)
   * @return (B, T), 0 where the mask is 0
   */
  public static NDArray tokenLogProbs(NDArray logits, NDArray labels, NDArray lossMask) {
    checkShapes(logits, labels, lossMask);
    NDArray safeLabels = labels.mul(lossMask.toType(DataType.INT64, false)); // (B, T)
    NDArray logp = logits.logSoftmax(-1); // (B, T, V)
    NDArray picked = logp.gather(safeLabels.expandDims(-1), -1).squeeze(-1); // (B, T)
    return picked.mul(lossMask.toType(logits.getDataType(), false)); // (B, T)
  }

  /**
   * Summed log-probabilities of the labels over masked positions, one per sequence (TRL's {@code
   * chosen_logps} / {@code rejected_logps}).
   *
   * @return (B)
   */
  public static NDArray sequenceLogProbs(NDArray logits, NDArray labels, NDArray lossMask) {
    return tokenLogProbs(logits, labels, lossMask).sum(new int[] {1}); // (B)
  }

  /**
   * Length-averaged log-probabilities: {@link #sequenceLogProbs} divided by each sequence's number
   * of masked tokens (what TRL feeds every DPO loss when {@code ipo} is among the loss types).
   *
   * @return (B)
   * @throws IllegalArgumentException when a sequence has no masked token
   */
  public static NDArray meanSequenceLogProbs(NDArray logits, NDArray labels, NDArray lossMask) {
    NDArray counts = lossMask.toType(logits.getDataType(), false).sum(new int[] {1}); // (B)
    if (counts.min().getFloat() <= 0) {
      throw new IllegalArgumentException("every sequence needs at least one masked label token");
    }
    return sequenceLogProbs(logits, labels, lossMask).div(counts); // (B)
  }

  /**
   * Negative log-likelihood summed over every masked token of the batch, for SFT: the trainer
   * divides by the number of masked tokens across the whole accumulated batch (so batch 1 x
   * accumulation 8 equals batch 8 x accumulation 1).
   *
   * @return () scalar
   */
  public static NDArray tokenNllSum(NDArray logits, NDArray labels, NDArray lossMask) {
    return tokenLogProbs(logits, labels, lossMask).sum().neg(); // ()
  }

  private static void checkShapes(NDArray logits, NDArray labels, NDArray lossMask) {
    Shape s = logits.getShape();
    if (s.dimension() != 3) {
      throw new IllegalArgumentException("logits must be (B, T, V) (got " + s + ")");
    }
    Shape bt = new Shape(s.get(0), s.get(1));
    if (!labels.getShape().equals(bt) || !lossMask.getShape().equals(bt)) {
      throw new IllegalArgumentException(
          "labels and lossMask must be (B, T) = "
              + bt
              + " to match logits "
              + s
              + " (got labels "
              + labels.getShape()
              + ", lossMask "
              + lossMask.getShape()
              + ")");
    }
    if (labels.getDataType() != DataType.INT64) {
      throw new IllegalArgumentException("labels must be int64 (got " + labels.getDataType() + ")");
    }
  }
}
