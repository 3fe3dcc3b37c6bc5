package io.postrain.lm;

import ai.djl.ndarray.NDArray;

/**
 * Causal grouped-query self-attention of one layer, as transformers' {@code Qwen3Attention} /
 * {@code Qwen2Attention} / {@code LlamaAttention}: q/k/v projections, per-head q_norm/k_norm
 * (Qwen3, before the rotation), rotary embeddings, softmax(q k^T / sqrt(hd) + mask) v with each
 * key/value head shared by G = H / KV query heads, then o_proj.
 *
 * <p>Dimensions: B = batch, T = new tokens, S = keys (cached + new), D = hidden, H = query heads,
 * KV = key/value heads, G = H / KV, hd = head dim.
 *
 * <p>Grouping is done by reshaping the queries to (B, KV, G*T, hd) rather than repeating the keys
 * and values, so a decoding step reads each cached key once.
 */
final class Attention {

  private final int layer;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final Projection qProj; // (H*hd, D)
  private final Projection kProj; // (KV*hd, D)
  private final Projection vProj; // (KV*hd, D)
  private final Projection oProj; // (D, H*hd)
  private final RmsNorm qNorm; // over hd, or null
  private final RmsNorm kNorm; // over hd, or null
  private final NDArray scale; // () 1/sqrt(hd)

  Attention(
      int layer,
      ModelConfig config,
      Projection[] qkvo,
      RmsNorm qNorm,
      RmsNorm kNorm,
      NDArray scale) {
    this.layer = layer;
    this.heads = config.numAttentionHeads();
    this.kvHeads = config.numKeyValueHeads();
    this.headDim = config.headDim();
    this.qProj = qkvo[0];
    this.kProj = qkvo[1];
    this.vProj = qkvo[2];
    this.oProj = qkvo[3];
    this.qNorm = qNorm;
    this.kNorm = kNorm;
    this.scale = scale;
  }

  /**
   * x (B, T, D) -> (B, T, D).
   *
   * @param cosSin cos and sin, each (B, 1, T, hd)
   * @param mask additive mask (B, 1, 1, T, S): 0 where a query may attend, a large negative number
   *     elsewhere
   * @param cache the key/value cache to read and extend, or null
   */
  NDArray forward(NDArray x, NDArray[] cosSin, NDArray mask, KvCache cache, LinearAdapter adapter) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    int groups = heads / kvHeads;
    NDArray q = qProj.apply(x, adapter).reshape(b, t, heads, headDim); // (B, T, H, hd)
    NDArray k = kProj.apply(x, adapter).reshape(b, t, kvHeads, headDim); // (B, T, KV, hd)
    NDArray v = vProj.apply(x, adapter).reshape(b, t, kvHeads, headDim); // (B, T, KV, hd)
    if (qNorm != null) {
      q = qNorm.forward(q);
      k = kNorm.forward(k);
    }
    q = Rotary.apply(q.transpose(0, 2, 1, 3), cosSin[0], cosSin[1]); // (B, H, T, hd)
    k = Rotary.apply(k.transpose(0, 2, 1, 3), cosSin[0], cosSin[1]); // (B, KV, T, hd)
    v = v.transpose(0, 2, 1, 3); // (B, KV, T, hd)
    if (cache != null) {
      NDArray[] kv = cache.update(layer, k, v);
      k = kv[0]; // (B, KV, S, hd)
      v = kv[1]; // (B, KV, S, hd)
    }
    long s = k.getShape().get(2);
    NDArray qg = q.mul(scale).reshape(b, kvHeads, groups * t, headDim); // (B, KV, G*T, hd)
    NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2)); // (B, KV, G*T, S)
    scores = scores.reshape(b, kvHeads, groups, t, s).add(mask); // (B, KV, G, T, S)
    NDArray probs = scores.softmax(-1).reshape(b, kvHeads, groups * t, s); // (B, KV, G*T, S)
    NDArray y = probs.matMul(v); // (B, KV, G*T, hd)
    y = y.reshape(b, heads, t, headDim).transpose(0, 2, 1, 3); // (B, T, H, hd)
    return oProj.apply(y.reshape(b, t, (long) heads * headDim), adapter); // (B, T, D)
  }
}
