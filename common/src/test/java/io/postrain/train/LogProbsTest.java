package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class LogProbsTest {

  /** (B=2, T=2, V=3) logits. */
  private static final float[][][] LOGITS = {
    {{1f, 2f, 3f}, {0.5f, -1f, 0f}},
    {{0f, 0f, 0f}, {2f, 1f, -2f}}
  };

  private static final long[][] LABELS = {{2, 0}, {1, -100}};
  private static final float[][] MASK = {{1, 1}, {1, 0}};

  private static double logSoftmax(float[] row, int k) {
    double sum = 0;
    for (float v : row) {
      sum += Math.exp(v);
    }
    return row[k] - Math.log(sum);
  }

  private static NDArray logits(NDManager m) {
    float[] flat = new float[12];
    int i = 0;
    for (float[][] b : LOGITS) {
      for (float[] t : b) {
        for (float v : t) {
          flat[i++] = v;
        }
      }
    }
    return m.create(flat, new Shape(2, 2, 3));
  }

  @Test
  void sequenceAndMeanLogProbsAndNllByHand() {
    double seq0 = logSoftmax(LOGITS[0][0], 2) + logSoftmax(LOGITS[0][1], 0);
    double seq1 = logSoftmax(LOGITS[1][0], 1); // the -100 label is masked out
    assertThat(seq1).isCloseTo(-Math.log(3), within(1e-12));
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray labels = m.create(LABELS);
      NDArray mask = m.create(MASK);
      float[] seq = LogProbs.sequenceLogProbs(logits(m), labels, mask).toFloatArray();
      assertThat((double) seq[0]).isCloseTo(seq0, within(1e-6));
      assertThat((double) seq[1]).isCloseTo(seq1, within(1e-6));
      float[] mean = LogProbs.meanSequenceLogProbs(logits(m), labels, mask).toFloatArray();
      assertThat((double) mean[0]).isCloseTo(seq0 / 2, within(1e-6));
      assertThat((double) mean[1]).isCloseTo(seq1 / 1, within(1e-6));
      assertThat((double) LogProbs.tokenNllSum(logits(m), labels, mask).getFloat())
          .isCloseTo(-(seq0 + seq1), within(1e-5));
    }
  }

  @Test
  void nllGradientIsSoftmaxMinusOneHotOnMaskedPositions() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = logits(m);
      logits.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(LogProbs.tokenNllSum(logits, m.create(LABELS), m.create(MASK)));
      }
      float[] grad = logits.getGradient().toFloatArray();
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 2; t++) {
          for (int v = 0; v < 3; v++) {
            double expected =
                MASK[b][t] == 0
                    ? 0.0
                    : Math.exp(logSoftmax(LOGITS[b][t], v)) - (LABELS[b][t] == v ? 1 : 0);
            assertThat((double) grad[(b * 2 + t) * 3 + v]).isCloseTo(expected, within(1e-6));
          }
        }
      }
    }
  }
}
