package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Collection;

/** Global-norm gradient clipping with the semantics of {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * Scales every gradient in place by {@code maxNorm / (totalNorm + 1e-6)} when that factor is
   * below 1, where {@code totalNorm} is the L2 norm of all gradients taken together.
   *
   * @param grads the gradients, modified in place
   * @param maxNorm the largest allowed global norm, > 0
   * @return the global norm before clipping (what transformers logs as {@code grad_norm})
   */
  public static double clipGlobalNorm(Collection<NDArray> grads, double maxNorm) {
    ConfigChecks.positive("maxNorm", maxNorm);
    double total = globalNorm(grads);
    double coefficient = maxNorm / (total + 1e-6);
    if (coefficient < 1.0) {
      try (NoGrad noGrad = NoGrad.enter();
          NDScope scope = new NDScope()) {
        for (NDArray g : grads) {
          g.muli(Scalars.like(g, coefficient));
        }
      }
    }
    return total;
  }

  /** The L2 norm of all {@code grads} taken as one vector. */
  public static double globalNorm(Collection<NDArray> grads) {
    double sumOfSquares = 0;
    try (NoGrad noGrad = NoGrad.enter();
        NDScope scope = new NDScope()) {
      for (NDArray g : grads) {
        double squares = g.square().sum().toType(DataType.FLOAT64, false).getDouble();
        sumOfSquares += squares;
      }
    }
    return Math.sqrt(sumOfSquares);
  }
}
