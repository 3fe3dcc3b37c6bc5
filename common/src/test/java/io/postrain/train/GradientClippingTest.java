package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void scalesAllGradientsByTheGlobalNormWhenAboveMax() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {3f, 4f});
      NDArray b = manager.create(new float[][] {{12f}});
      double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 6.5);
      assertThat(norm).isCloseTo(13.0, within(1e-9)); // sqrt(9 + 16 + 144)
      double scale = 6.5 / (13.0 + 1e-6);
      assertThat((double) a.toFloatArray()[0]).isCloseTo(3 * scale, within(1e-6));
      assertThat((double) a.toFloatArray()[1]).isCloseTo(4 * scale, within(1e-6));
      assertThat((double) b.toFloatArray()[0]).isCloseTo(12 * scale, within(1e-6));
      assertThat(GradientClipping.globalNorm(List.of(a, b))).isCloseTo(6.5, within(1e-5));
    }
  }

  @Test
  void leavesGradientsAloneWhenBelowMax() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {3f, 4f});
      double norm = GradientClipping.clipGlobalNorm(List.of(a), 5.5);
      assertThat(norm).isCloseTo(5.0, within(1e-9));
      assertThat(a.toFloatArray()).containsExactly(3f, 4f);
    }
  }
}
