package io.postrain.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.postrain.lm.checkpoint.CheckpointException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine's logits against the float64 {@link ReferenceDecoder}. */
public class DecoderTest {

  public static final long[] LONG = {3, 17, 5, 40, 0, 22, 9};
  public static final long[] SHORT = {11, 2, 30, 8};

  static Stream<Arguments> architectures() {
    Map<String, Object> llama3 =
        Map.of(
            "rope_type", "llama3",
            "factor", 8.0,
            "low_freq_factor", 1.0,
            "high_freq_factor", 4.0,
            "original_max_position_embeddings", 16);
    return Stream.of(
        Arguments.of("qwen3 tied, H/KV=2, hd=6", TinyModel.config("qwen3", 4, 2, 6, true, false)),
        Arguments.of("qwen3 untied, H/KV=1", TinyModel.config("qwen3", 2, 2, 8, false, false)),
        Arguments.of("qwen2 biases, H/KV=1", TinyModel.config("qwen2", 4, 4, 4, true, false)),
        Arguments.of("qwen2 biases, H/KV=2", TinyModel.config("qwen2", 4, 2, 4, false, false)),
        Arguments.of(
            "llama untied, attention_bias+mlp_bias, H/KV=2",
            TinyModel.config("llama", 4, 2, 4, false, true, true, null)),
        Arguments.of(
            "llama untied, no bias, H/KV=1", TinyModel.config("llama", 4, 4, 4, false, false)),
        Arguments.of(
            "llama3 rope scaling",
            TinyModel.config("llama", 2, 1, 8, false, false, false, llama3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("architectures")
  void leftPaddedBatchMatchesReference(String name, ModelConfig config) {
    TinyModel model = TinyModel.random(config, 42);
    ReferenceDecoder ref = model.reference();
    try (NDManager manager = NDManager.newBaseManager();
        Decoder decoder = new Decoder(config, model.ndArrays(manager))) {
      int pad = LONG.length - SHORT.length;
      long[] ids = new long[2 * LONG.length];
      long[] mask = new long[2 * LONG.length];
      for (int i = 0; i < LONG.length; i++) {
        ids[i] = LONG[i];
        mask[i] = 1;
        ids[LONG.length + i] = i < pad ? 0 : SHORT[i - pad];
        mask[LONG.length + i] = i < pad ? 0 : 1;
      }
      Shape shape = new Shape(2, LONG.length);
      NDArray logits =
          decoder.forward(manager.create(ids, shape), manager.create(mask, shape), null);
      assertThat(logits.getShape()).isEqualTo(new Shape(2, LONG.length, config.vocabSize()));
      float[] got = logits.toFloatArray();
      int v = config.vocabSize();
      assertClose(slice(got, 0, 0, LONG.length, LONG.length, v), ref.logits(LONG));
      assertClose(slice(got, 1, pad, SHORT.length, LONG.length, v), ref.logits(SHORT));
    }
  }

  @Test
  void rejectsMissingAndMisshapedTensors() {
    ModelConfig config = TinyModel.config("qwen3", 4, 2, 6, true, false);
    TinyModel model = TinyModel.random(config, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> weights = new HashMap<>(model.ndArrays(manager));
      weights.remove("model.layers.1.self_attn.k_norm.weight");
      assertThatThrownBy(() -> new Decoder(config, weights))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("missing tensor 'model.layers.1.self_attn.k_norm.weight'");
      weights.put("model.layers.1.self_attn.k_norm.weight", manager.zeros(new Shape(5)));
      assertThatThrownBy(() -> new Decoder(config, weights))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("model.layers.1.self_attn.k_norm.weight")
          .hasMessageContaining("(6)");
    }
  }

  @Test
  void adapterDeltaActsLikeAMergedWeight() {
    ModelConfig config = TinyModel.config("qwen3", 4, 2, 6, true, false);
    TinyModel model = TinyModel.random(config, 5);
    String name = "model.layers.1.mlp.up_proj.weight";
    double[] delta = new double[24 * 16];
    java.util.Random r = new java.util.Random(9);
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (float) (0.2 * r.nextGaussian());
    }
    Map<String, double[]> merged = model.roundedWeights();
    double[] w = merged.get(name).clone();
    for (int i = 0; i < w.length; i++) {
      w[i] += delta[i];
    }
    merged.put(name, w);
    ReferenceDecoder ref = new ReferenceDecoder(config, merged);
    try (NDManager manager = NDManager.newBaseManager();
        Decoder decoder = new Decoder(config, model.ndArrays(manager))) {
      float[] df = new float[delta.length];
      for (int i = 0; i < df.length; i++) {
        df[i] = (float) delta[i];
      }
      NDArray deltaW = manager.create(df, new Shape(24, 16)); // (F, D)
      List<String> seen = new java.util.ArrayList<>();
      decoder.setAdapter(
          (weightName, x) -> {
            seen.add(weightName);
            return weightName.equals(name) ? x.matMul(deltaW.transpose()) : null;
          });
      NDArray logits = decoder.forward(manager.create(LONG, new Shape(1, LONG.length)), null, null);
      assertClose(
          slice(logits.toFloatArray(), 0, 0, LONG.length, LONG.length, config.vocabSize()),
          ref.logits(LONG));
      assertThat(seen)
          .contains(
              "model.layers.0.self_attn.q_proj.weight",
              "model.layers.1.self_attn.o_proj.weight",
              "model.layers.0.mlp.down_proj.weight",
              "lm_head.weight");
    }
  }

  /** Rows [from, from+n) of batch row b of a (B, T, V) array. */
  public static double[][] slice(float[] all, int b, int from, int n, int t, int v) {
    double[][] out = new double[n][v];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < v; j++) {
        out[i][j] = all[(b * t + from + i) * v + j];
      }
    }
    return out;
  }

  /** max |a - b| <= 1e-4 * max |b|. */
  public static void assertClose(double[][] got, double[][] want) {
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < want.length; i++) {
      for (int j = 0; j < want[i].length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(got[i][j] - want[i][j]));
        maxRef = Math.max(maxRef, Math.abs(want[i][j]));
      }
    }
    assertThat(maxRef).isGreaterThan(0.1);
    assertThat(maxDiff / maxRef).as("max |a-b| / max |b|").isLessThan(1e-4);
  }
}
