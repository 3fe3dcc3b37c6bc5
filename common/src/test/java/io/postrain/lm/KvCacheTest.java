package io.postrain.lm;

import static io.postrain.lm.DecoderTest.assertClose;
import static io.postrain.lm.DecoderTest.slice;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Incremental decoding with the cache against full recomputation by the reference. */
public class KvCacheTest {

  @Test
  void cachedStepsMatchFullRecomputationForALeftPaddedBatch() {
    ModelConfig config = TinyModel.config("qwen3", 4, 2, 6, false, false);
    TinyModel model = TinyModel.random(config, 7);
    ReferenceDecoder ref = model.reference();
    long[] a = DecoderTest.LONG; // 7 tokens
    long[] b = DecoderTest.SHORT; // 4 tokens, left-padded by 3
    long[][] appended = {{4, 19}, {33, 1}, {12, 12}}; // per step: row a, row b
    try (NDManager manager = NDManager.newBaseManager();
        Decoder decoder = new Decoder(config, model.ndArrays(manager));
        KvCache cache = new KvCache(config, manager, 3)) { // small: grows twice
      int t = a.length;
      int pad = t - b.length;
      long[] ids = new long[2 * t];
      long[] mask = new long[2 * t];
      for (int i = 0; i < t; i++) {
        ids[i] = a[i];
        mask[i] = 1;
        ids[t + i] = i < pad ? 0 : b[i - pad];
        mask[t + i] = i < pad ? 0 : 1;
      }
      Shape shape = new Shape(2, t);
      NDArray prefill =
          decoder.forward(manager.create(ids, shape), manager.create(mask, shape), cache);
      int v = config.vocabSize();
      assertClose(slice(prefill.toFloatArray(), 0, 0, t, t, v), ref.logits(a));
      assertClose(slice(prefill.toFloatArray(), 1, pad, b.length, t, v), ref.logits(b));
      long[] fullA = a;
      long[] fullB = b;
      for (long[] step : appended) {
        NDArray logits =
            decoder.forward(manager.create(step, new Shape(2, 1)), null, cache); // (2, 1, V)
        fullA = append(fullA, step[0]);
        fullB = append(fullB, step[1]);
        float[] got = logits.toFloatArray();
        assertClose(slice(got, 0, 0, 1, 1, v), last(ref.logits(fullA)));
        assertClose(slice(got, 1, 0, 1, 1, v), last(ref.logits(fullB)));
      }
      org.assertj.core.api.Assertions.assertThat(cache.length()).isEqualTo(t + appended.length);
    }
  }

  public static long[] append(long[] xs, long x) {
    return LongStream.concat(Arrays.stream(xs), LongStream.of(x)).toArray();
  }

  static double[][] last(double[][] logits) {
    return new double[][] {logits[logits.length - 1]};
  }
}
