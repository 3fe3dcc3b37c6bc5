package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Torch-owned 0-d constants shaped like a given array's dtype and device, for array-array
 * arithmetic. DJL's {@code NDArray.mul/add/sub/div(Number)} wrap the number in a temporary array
 * over a Java buffer and free it at once; when the result is back-propagated, backward reads the
 * freed memory and the gradient is garbage (d(3x)/dx came out 1.4E-45). An array the manager owns
 * lives as long as the graph.
 */
final class Scalars {

  private Scalars() {}

  /** A 0-d array holding {@code value}, in {@code like}'s manager, dtype and device. */
  static NDArray like(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
  }
}
