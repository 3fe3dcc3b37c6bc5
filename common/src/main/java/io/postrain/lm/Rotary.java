package io.postrain.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.postrain.lm.checkpoint.CheckpointException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rotary position embeddings in the rotate-half layout of transformers' {@code
 * apply_rotary_pos_emb}: {@code x * cos + rotate_half(x) * sin}, {@code rotate_half(x) = cat(-x2,
 * x1)}, with {@code inv_freq[i] = 1 / theta^(2i/hd)} (Llama 3 frequency scaling when {@code
 * rope_scaling} says so) and {@code cos = cos(cat(p * inv_freq, p * inv_freq))}.
 *
 * <p>Dimensions: B = batch, T = new tokens, P = positions tabulated, hd = head dim, nh = heads.
 *
 * <p>The cos/sin tables are computed once (angles in f32 like transformers) and grown by doubling
 * when a longer position is asked for; replaced tables stay alive until {@link #close()} because a
 * concurrent forward may still read them.
 */
final class Rotary implements AutoCloseable {

  private final NDManager manager;
  private final float[] invFreq; // (hd/2)
  private final List<NDArray> retired = new ArrayList<>();
  private NDArray cos; // (P, hd)
  private NDArray sin; // (P, hd)
  private int positions;

  Rotary(ModelConfig config, NDManager manager) {
    this.manager = manager;
    this.invFreq = invFreq(config);
  }

  /** inv_freq as transformers computes it for rope_type default and llama3. */
  static float[] invFreq(ModelConfig config) {
    int hd = config.headDim();
    float[] inv = new float[hd / 2];
    for (int i = 0; i < inv.length; i++) {
      inv[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / hd));
    }
    Map<String, Object> scaling = config.ropeScaling();
    if (scaling != null
        && "llama3".equals(scaling.getOrDefault("rope_type", scaling.get("type")))) {
      double factor = number(scaling, "factor");
      double lowFreqFactor = number(scaling, "low_freq_factor");
      double highFreqFactor = number(scaling, "high_freq_factor");
      double oldContext = number(scaling, "original_max_position_embeddings");
      double lowFreqWavelen = oldContext / lowFreqFactor;
      double highFreqWavelen = oldContext / highFreqFactor;
      for (int i = 0; i < inv.length; i++) {
        double wavelen = 2 * Math.PI / inv[i];
        if (wavelen > lowFreqWavelen) {
          inv[i] = (float) (inv[i] / factor);
        } else if (wavelen >= highFreqWavelen) {
          double smooth = (oldContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
          inv[i] = (float) ((1 - smooth) * inv[i] / factor + smooth * inv[i]);
        }
      }
    }
    return inv;
  }

  private static double number(Map<String, Object> scaling, String key) {
    Object v = scaling.get(key);
    if (!(v instanceof Number n)) {
      throw new CheckpointException(
          "rope_scaling of type llama3 needs a numeric '" + key + "', got " + v);
    }
    return n.doubleValue();
  }

  /**
   * The cos and sin rows for the given positions, each (B, 1, T, hd), broadcastable over heads.
   *
   * @param positionIds (B, T) int64
   * @param maxPosition the largest value in positionIds
   */
  NDArray[] cosSin(NDArray positionIds, long maxPosition) {
    NDArray[] tables = tables((int) maxPosition + 1);
    long b = positionIds.getShape().get(0);
    long t = positionIds.getShape().get(1);
    NDArray c = tables[0].get(positionIds).reshape(b, 1, t, -1); // (B, 1, T, hd)
    NDArray s = tables[1].get(positionIds).reshape(b, 1, t, -1); // (B, 1, T, hd)
    return new NDArray[] {c, s};
  }

  /** Applies the rotation to x (B, nh, T, hd) with cos, sin (B, 1, T, hd). */
  static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
    long half = x.getShape().get(3) / 2;
    NDArray x1 = x.get(new NDIndex(":, :, :, :{}", half)); // (B, nh, T, hd/2)
    NDArray x2 = x.get(new NDIndex(":, :, :, {}:", half)); // (B, nh, T, hd/2)
    NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), 3); // (B, nh, T, hd)
    return x.mul(cos).add(rotated.mul(sin)); // (B, nh, T, hd)
  }

  private synchronized NDArray[] tables(int needed) {
    if (needed > positions) {
      int size = Math.max(needed, Math.max(256, 2 * positions));
      int hd = 2 * invFreq.length;
      float[] c = new float[size * hd];
      float[] s = new float[size * hd];
      for (int p = 0; p < size; p++) {
        for (int i = 0; i < invFreq.length; i++) {
          float angle = (float) p * invFreq[i]; // f32 product, as transformers computes it
          float cv = (float) Math.cos(angle);
          float sv = (float) Math.sin(angle);
          c[p * hd + i] = cv;
          c[p * hd + invFreq.length + i] = cv;
          s[p * hd + i] = sv;
          s[p * hd + invFreq.length + i] = sv;
        }
      }
      if (cos != null) {
        retired.add(cos);
        retired.add(sin);
      }
      cos = manager.create(c, new Shape(size, hd));
      sin = manager.create(s, new Shape(size, hd));
      NDScope.unregister(cos, sin); // owned by this object, not by the caller's scope
      positions = size;
    }
    return new NDArray[] {cos, sin};
  }

  @Override
  public synchronized void close() {
    retired.forEach(NDArray::close);
    retired.clear();
    if (cos != null) {
      cos.close();
      sin.close();
    }
  }
}
