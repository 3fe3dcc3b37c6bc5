package io.postrain.lm;

import ai.djl.ndarray.NDArray;

/**
 * Root-mean-square normalisation over the last axis: {@code x * rsqrt(mean(x^2) + eps) * weight},
 * as transformers' {@code Qwen3RMSNorm} / {@code LlamaRMSNorm} (computed in f32).
 *
 * <p>Dimensions: N = normalised size (D for the layer norms, hd for Qwen3's q_norm/k_norm).
 */
final class RmsNorm {

  private final NDArray weight; // (N)
  private final NDArray eps; // () torch-owned scalar, safe under autograd

  RmsNorm(NDArray weight, NDArray eps) {
    this.weight = weight;
    this.eps = eps;
  }

  /** x (..., N) -> (..., N). */
  NDArray forward(NDArray x) {
    NDArray variance = x.mul(x).mean(new int[] {-1}, true); // (..., 1)
    NDArray rms = variance.add(eps).sqrt(); // (..., 1)
    return x.div(rms).mul(weight); // (..., N)
  }
}
