package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Torch-owned 0-d constants shaped like a given array's dtype and device, for array-array
 * arithmetic: {@code NDArray.mul/add/sub/div(Number)} corrupt gradients in DJL (field notes, trap
 * 1).
 */
final class Scalars {

  private Scalars() {}

  /** A 0-d array holding {@code value}, in {@code like}'s manager, dtype and device. */
  static NDArray like(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
  }
}
