package io.postrain.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The SwiGLU feed-forward block: {@code down_proj(silu(gate_proj(x)) * up_proj(x))}, with silu(z) =
 * z * sigmoid(z) built from array-array ops (DJL's swish breaks gradients).
 *
 * <p>Dimensions: B = batch, T = tokens, D = hidden, F = intermediate.
 */
final class Mlp {

  private final Projection gateProj; // (F, D)
  private final Projection upProj; // (F, D)
  private final Projection downProj; // (D, F)

  Mlp(Projection gateProj, Projection upProj, Projection downProj) {
    this.gateProj = gateProj;
    this.upProj = upProj;
    this.downProj = downProj;
  }

  /** x (B, T, D) -> (B, T, D). */
  NDArray forward(NDArray x, LinearAdapter adapter) {
    NDArray gate = gateProj.apply(x, adapter); // (B, T, F)
    NDArray up = upProj.apply(x, adapter); // (B, T, F)
    NDArray act = gate.mul(Activation.sigmoid(gate)); // (B, T, F) silu
    return downProj.apply(act.mul(up), adapter); // (B, T, D)
  }
}
