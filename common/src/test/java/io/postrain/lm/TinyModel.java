package io.postrain.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Tiny random-weight models for tests: the same weights as double[] and as f32 NDArrays. */
public final class TinyModel {

  final ModelConfig config;
  final Map<String, double[]> weights = new LinkedHashMap<>();

  private TinyModel(ModelConfig config, long seed) {
    this.config = config;
    Random random = new Random(seed);
    for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
      long size = 1;
      for (long s : e.getValue()) {
        size *= s;
      }
      double[] values = new double[(int) size];
      boolean norm = e.getKey().endsWith("norm.weight");
      for (int i = 0; i < values.length; i++) {
        // Norm weights around 1 (not all 1, so a norm bug shows); others small.
        values[i] = norm ? 1 + 0.3 * random.nextGaussian() : 0.3 * random.nextGaussian();
      }
      weights.put(e.getKey(), values);
    }
  }

  public static ModelConfig config(
      String type, int heads, int kvHeads, int headDim, boolean tie, boolean attentionBias) {
    return config(type, heads, kvHeads, headDim, tie, attentionBias, false, null);
  }

  public static ModelConfig config(
      String type,
      int heads,
      int kvHeads,
      int headDim,
      boolean tie,
      boolean attentionBias,
      boolean mlpBias,
      Map<String, Object> ropeScaling) {
    return new ModelConfig(
        type,
        41,
        16,
        24,
        2,
        heads,
        kvHeads,
        headDim,
        1e-6,
        10000.0,
        tie,
        attentionBias,
        mlpBias,
        128,
        List.of(2),
        null,
        "float32",
        ropeScaling);
  }

  public static TinyModel random(ModelConfig config, long seed) {
    return new TinyModel(config, seed);
  }

  /** The weights as f32 arrays in {@code manager}. */
  public Map<String, NDArray> ndArrays(NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : weights.entrySet()) {
      double[] d = e.getValue();
      float[] f = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        f[i] = (float) d[i];
      }
      out.put(e.getKey(), manager.create(f, new Shape(config.tensorShapes().get(e.getKey()))));
    }
    return out;
  }

  /** The double weights rounded to f32 (so reference and engine see identical numbers). */
  public Map<String, double[]> roundedWeights() {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : weights.entrySet()) {
      double[] d = e.getValue().clone();
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) d[i];
      }
      out.put(e.getKey(), d);
    }
    return out;
  }

  public ReferenceDecoder reference() {
    return new ReferenceDecoder(config, roundedWeights());
  }
}
