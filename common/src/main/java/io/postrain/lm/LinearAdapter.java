package io.postrain.lm;

import ai.djl.ndarray.NDArray;

/**
 * A hook on every linear projection of a {@link Decoder}: the decoder computes {@code x W^T (+ b)}
 * and adds {@code delta(weightName, x)} when it is not null. Training implements LoRA through it
 * ({@code delta = (x A^T) B^T * alpha / r}).
 */
@FunctionalInterface
public interface LinearAdapter {

  /**
   * The additive correction of one projection.
   *
   * @param weightName the Hugging Face name of the projection's weight, e.g. {@code
   *     model.layers.0.self_attn.q_proj.weight}; the output head is {@code lm_head.weight} also
   *     when it is tied to the embedding
   * @param x the projection's input, (..., in)
   * @return (..., out), or null when this projection has no adapter
   */
  NDArray delta(String weightName, NDArray x);
}
