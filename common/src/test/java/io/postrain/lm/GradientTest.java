package io.postrain.lm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradients through the engine (under GradientCollector) against central finite differences of the
 * float64 reference, for f = sum over real positions of logits * R with a random R.
 */
class GradientTest {

  static final ModelConfig CONFIG = TinyModel.config("qwen3", 4, 2, 6, true, false);

  /** Weight name, row, column (column -1 for vectors). */
  static final Object[][] ELEMENTS = {
    {"model.layers.0.self_attn.q_proj.weight", 5, 3},
    {"model.layers.1.self_attn.q_proj.weight", 20, 11},
    {"model.layers.1.self_attn.q_norm.weight", 2, -1},
    {"model.layers.0.self_attn.k_norm.weight", 4, -1},
    {"model.layers.0.mlp.gate_proj.weight", 7, 4},
    {"model.layers.1.mlp.down_proj.weight", 9, 20},
    {"model.layers.0.input_layernorm.weight", 6, -1},
    {"model.embed_tokens.weight", 17, 3},
    {"model.embed_tokens.weight", 30, 12},
  };

  @Test
  void engineGradientsMatchFiniteDifferencesOfTheReference() throws InterruptedException {
    TinyModel model = TinyModel.random(CONFIG, 21);
    long[] a = DecoderTest.LONG;
    long[] b = DecoderTest.SHORT;
    int t = a.length;
    int pad = t - b.length;
    int v = CONFIG.vocabSize();
    Random random = new Random(4);
    float[] r = new float[2 * t * v]; // (2, T, V), zero at padding
    for (int i = 0; i < r.length; i++) {
      int row = i / (t * v);
      int pos = (i / v) % t;
      r[i] = row == 1 && pos < pad ? 0 : (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager();
        Decoder decoder = new Decoder(CONFIG, model.ndArrays(manager))) {
      decoder.parameters().values().forEach(w -> w.setRequiresGradient(true));
      long[] ids = new long[2 * t];
      long[] mask = new long[2 * t];
      for (int i = 0; i < t; i++) {
        ids[i] = a[i];
        mask[i] = 1;
        ids[t + i] = i < pad ? 0 : b[i - pad];
        mask[t + i] = i < pad ? 0 : 1;
      }
      Shape shape = new Shape(2, t);
      NDArray weights = manager.create(r, new Shape(2, t, v));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits;
        try (NDManager inputs = manager.newSubManager()) { // closed before backward on purpose
          logits = decoder.forward(inputs.create(ids, shape), inputs.create(mask, shape), null);
          logits.attach(manager);
        }
        NDArray loss = logits.mul(weights).sum();
        scribbleOverFreedJavaBuffers(manager);
        collector.backward(loss);
      }
      for (Object[] e : ELEMENTS) {
        String name = (String) e[0];
        int row = (int) e[1];
        int col = (int) e[2];
        NDArray grad = decoder.parameters().get(name).getGradient();
        double got = col < 0 ? grad.getFloat(row) : grad.getFloat(row, col);
        double want = finiteDifference(model, name, row, col, r, pad);
        assertThat(got)
            .as("d f / d %s[%d, %d]", name, row, col)
            .isCloseTo(
                want, org.assertj.core.data.Offset.offset(2e-3 * Math.max(1, Math.abs(want))));
      }
    }
  }

  /**
   * Allocates and frees many small Java-backed arrays holding junk, so a scalar freed during the
   * forward (DJL trap: NDArray.mul(Number) under autograd) would be overwritten before backward and
   * the gradient would come out wrong.
   */
  private static void scribbleOverFreedJavaBuffers(NDManager manager) throws InterruptedException {
    // Closed DJL arrays release their direct buffers through the JVM's Cleaner after a GC; there
    // is no event to wait on, so give the Cleaner thread a moment (measured: 50 ms suffices).
    System.gc();
    Thread.sleep(50);
    for (int i = 0; i < 2000; i++) {
      try (NDArray junk = manager.create(new float[] {1e6f + i})) {
        junk.getShape();
      }
    }
  }

  private static double finiteDifference(
      TinyModel model, String name, int row, int col, float[] r, int pad) {
    double h = 1e-4;
    Map<String, double[]> w = model.roundedWeights();
    double[] tensor = w.get(name);
    int index = col < 0 ? row : row * (int) CONFIG.tensorShapes().get(name)[1] + col;
    double original = tensor[index];
    tensor[index] = original + h;
    double plus = objective(new ReferenceDecoder(CONFIG, w), r, pad);
    tensor[index] = original - h;
    double minus = objective(new ReferenceDecoder(CONFIG, w), r, pad);
    return (plus - minus) / (2 * h);
  }

  private static double objective(ReferenceDecoder ref, float[] r, int pad) {
    long[] a = DecoderTest.LONG;
    int t = a.length;
    int v = CONFIG.vocabSize();
    double f = 0;
    double[][] la = ref.logits(a);
    double[][] lb = ref.logits(DecoderTest.SHORT);
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < v; j++) {
        f += la[i][j] * r[i * v + j];
        if (i >= pad) {
          f += lb[i - pad][j] * r[(t + i) * v + j];
        }
      }
    }
    return f;
  }
}
