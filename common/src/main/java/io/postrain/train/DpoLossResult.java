package io.postrain.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The DPO loss of a batch and its metrics.
 *
 * @param loss () scalar, differentiable with respect to the policy log-probs
 * @param metrics batch means under TRL's names: {@code loss}, {@code rewards/chosen}, {@code
 *     rewards/rejected}, {@code rewards/accuracies}, {@code rewards/margins}, {@code logps/chosen},
 *     {@code logps/rejected}, and {@code nll_loss} when a chosen NLL was given
 */
public record DpoLossResult(NDArray loss, Map<String, Double> metrics) {

  public DpoLossResult {
    if (loss == null || metrics == null) {
      throw new IllegalArgumentException("loss and metrics must be set");
    }
    metrics = Map.copyOf(metrics);
  }
}
