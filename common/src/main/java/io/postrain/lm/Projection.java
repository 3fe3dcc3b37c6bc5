package io.postrain.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * One linear projection {@code y = x W^T + b} of the decoder, named by its Hugging Face weight name
 * so a {@link LinearAdapter} can add to it.
 *
 * @param weightName HF name of the weight, e.g. {@code model.layers.0.mlp.up_proj.weight}
 * @param weight (out, in)
 * @param bias (out), or null
 */
record Projection(String weightName, NDArray weight, NDArray bias) {

  /** Applies the projection to x (..., in) and returns (..., out). */
  NDArray apply(NDArray x, LinearAdapter adapter) {
    NDArray y = // (..., out)
        bias == null
            ? Linear.linear(x, weight).singletonOrThrow()
            : Linear.linear(x, weight, bias).singletonOrThrow();
    NDArray delta = adapter == null ? null : adapter.delta(weightName, x); // (..., out) or null
    return delta == null ? y : y.add(delta);
  }
}
