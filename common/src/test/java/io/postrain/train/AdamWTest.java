package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

  private static final double LR = 0.01;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;
  private static final double WD = 0.1;
  private static final float[][] GRADS = {{0.1f, -0.2f}, {0.3f, 0.05f}, {-0.4f, 0.2f}};

  /** torch.optim.AdamW for one scalar, written out from the published algorithm. */
  private static double[] referenceAdamW(double p, int coordinate, int steps) {
    double m = 0;
    double v = 0;
    for (int t = 1; t <= steps; t++) {
      double g = GRADS[t - 1][coordinate];
      p = p - LR * WD * p;
      m = BETA1 * m + (1 - BETA1) * g;
      v = BETA2 * v + (1 - BETA2) * g * g;
      double mHat = m / (1 - Math.pow(BETA1, t));
      double vHat = v / (1 - Math.pow(BETA2, t));
      p = p - LR * mHat / (Math.sqrt(vHat) + EPS);
    }
    return new double[] {p, m, v};
  }

  @Test
  void threeStepsMatchTheScalarReference() {
    try (NDManager manager = NDManager.newBaseManager();
        AdamW adam = new AdamW(BETA1, BETA2, EPS, WD)) {
      NDArray w = manager.create(new float[] {0.5f, -1.5f});
      for (int t = 0; t < 3; t++) {
        adam.step(Map.of("w", w), Map.of("w", manager.create(GRADS[t])), LR);
      }
      float[] got = w.toFloatArray();
      assertThat((double) got[0]).isCloseTo(referenceAdamW(0.5, 0, 3)[0], within(1e-6));
      assertThat((double) got[1]).isCloseTo(referenceAdamW(-1.5, 1, 3)[0], within(1e-6));
      assertThat(adam.stepCount()).isEqualTo(3);
      Map<String, NDArray> state = adam.exportState(manager);
      assertThat((double) state.get("exp_avg.w").toFloatArray()[1])
          .isCloseTo(referenceAdamW(-1.5, 1, 3)[1], within(1e-7));
      assertThat((double) state.get("exp_avg_sq.w").toFloatArray()[0])
          .isCloseTo(referenceAdamW(0.5, 0, 3)[2], within(1e-9));
    }
  }

  @Test
  void updatesParametersThatCarryAutogradGradients() {
    try (NDManager manager = NDManager.newBaseManager();
        AdamW adam = new AdamW(BETA1, BETA2, EPS, 0.0)) {
      NDArray w = manager.create(new float[] {0.5f, -1.5f});
      w.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(w.mul(w).sum()); // d/dw = 2w = (1.0, -3.0)
      }
      adam.step(Map.of("w", w), Map.of("w", w.getGradient()), LR);
      // First step with bias correction: m_hat = g, v_hat = g^2, so p -= lr * g / (|g| + eps).
      float[] got = w.toFloatArray();
      assertThat((double) got[0]).isCloseTo(0.5 - LR * 1.0 / (1.0 + EPS), within(1e-6));
      assertThat((double) got[1]).isCloseTo(-1.5 + LR * 3.0 / (3.0 + EPS), within(1e-6));
    }
  }

  @Test
  void weightDecayIsDecoupledFromTheGradient() {
    try (NDManager manager = NDManager.newBaseManager();
        AdamW adam = new AdamW(BETA1, BETA2, EPS, WD)) {
      NDArray w = manager.create(new float[] {0.5f, -1.5f});
      adam.step(Map.of("w", w), Map.of("w", manager.zeros(w.getShape())), LR);
      // Zero gradient: m = v = 0, the Adam step is 0 and only p * (1 - lr * wd) remains. Coupled
      // L2 decay would have put wd * p into the gradient and moved p by about lr instead.
      float[] got = w.toFloatArray();
      assertThat((double) got[0]).isCloseTo(0.5 * (1 - LR * WD), within(1e-7));
      assertThat((double) got[1]).isCloseTo(-1.5 * (1 - LR * WD), within(1e-7));
    }
  }

  @Test
  void exportImportThenContinueEqualsUninterrupted() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray straight = manager.create(new float[] {0.5f, -1.5f});
      NDArray resumed = manager.create(new float[] {0.5f, -1.5f});
      Map<String, NDArray> exported;
      try (AdamW a = new AdamW(BETA1, BETA2, EPS, WD)) {
        for (int t = 0; t < 3; t++) {
          a.step(Map.of("w", straight), Map.of("w", manager.create(GRADS[t])), LR);
        }
      }
      try (AdamW first = new AdamW(BETA1, BETA2, EPS, WD)) {
        for (int t = 0; t < 2; t++) {
          first.step(Map.of("w", resumed), Map.of("w", manager.create(GRADS[t])), LR);
        }
        exported = first.exportState(manager);
      }
      assertThat(exported).containsOnlyKeys("step", "exp_avg.w", "exp_avg_sq.w");
      try (AdamW second = new AdamW(BETA1, BETA2, EPS, WD)) {
        second.importState(exported);
        assertThat(second.stepCount()).isEqualTo(2);
        second.step(Map.of("w", resumed), Map.of("w", manager.create(GRADS[2])), LR);
      }
      assertThat(resumed.toFloatArray()).containsExactly(straight.toFloatArray());
    }
  }

  @Test
  void importedStateOfTheWrongShapeIsRefusedByName() {
    try (NDManager manager = NDManager.newBaseManager();
        AdamW adam = new AdamW(BETA1, BETA2, EPS, WD)) {
      adam.importState(
          Map.of(
              "step", manager.create(new long[] {4}),
              "exp_avg.w", manager.zeros(new Shape(3)),
              "exp_avg_sq.w", manager.zeros(new Shape(3))));
      NDArray w = manager.create(new float[] {0.5f, -1.5f});
      assertThatThrownBy(
              () -> adam.step(Map.of("w", w), Map.of("w", manager.zeros(w.getShape())), LR))
          .hasMessage("optimizer state 'exp_avg.w' has shape (3) but the parameter has (2)");
      assertThat(adam.stepCount()).isEqualTo(4); // a refused step changes nothing
      assertThat(w.toFloatArray()).containsExactly(0.5f, -1.5f);
      assertThatThrownBy(() -> adam.importState(Map.of("exp_avg.w", w)))
          .hasMessage("optimizer state must hold a one-element 'step' entry");
    }
  }
}
