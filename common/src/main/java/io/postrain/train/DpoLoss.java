package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DPO loss family with TRL's formulas ({@code DPOTrainer.dpo_loss}). With per-pair log-probs of
 * the policy (pi) and the reference (ref) for the chosen (c) and rejected (r) answers:
 *
 * <pre>
 * logits = (pi_c - pi_r) - (ref_c - ref_r)                                   // (B)
 * sigmoid: -logsigmoid(beta*logits)*(1-ls) - logsigmoid(-beta*logits)*ls
 * robust:  (-logsigmoid(beta*logits)*(1-ls) + logsigmoid(-beta*logits)*ls) / (1 - 2*ls)
 * hinge:   relu(1 - beta*logits)
 * ipo:     (logits - 1/(2*beta))^2
 * sft:     chosenNll (the mean NLL of the chosen tokens, TRL's nll_loss), the same for every pair
 * losses = sum_i weight_i * loss_i  (+ rpoAlpha * chosenNll when rpoAlpha is set)
 * loss   = mean over the batch
 * </pre>
 *
 * <p>with ls = {@code labelSmoothing}. Rewards are {@code beta * (pi - ref)}, detached.
 *
 * <p><b>IPO</b>: TRL divides every sequence log-prob by its completion length when {@code ipo} is
 * among the loss types, for the policy and the reference alike, and then every loss type and metric
 * of that run sees the averaged values. The caller does the same: when {@link
 * #needsLengthAveragedLogProbs(DpoConfig)} is true, pass {@link LogProbs#meanSequenceLogProbs}
 * values for all four inputs.
 *
 * <p>Intermediate arrays are created in {@code policyChosen}'s manager and must live until
 * backward: run a training step inside its own sub-manager.
 */
public final class DpoLoss {

  private DpoLoss() {}

  /** True when TRL would length-average the sequence log-probs (ipo among the loss types). */
  public static boolean needsLengthAveragedLogProbs(DpoConfig config) {
    return config.lossType().contains(DpoLossType.IPO);
  }

  /** True when {@link #compute} needs {@code chosenNll} (sft among the types, or rpoAlpha set). */
  public static boolean needsChosenNll(DpoConfig config) {
    return config.lossType().contains(DpoLossType.SFT) || config.rpoAlpha() != null;
  }

  /**
   * The weighted DPO loss of a batch and TRL's metrics.
   *
   * @param config beta, lossType, lossWeights, labelSmoothing, rpoAlpha
   * @param policyChosen (B) policy log-probs of the chosen answers, differentiable
   * @param policyRejected (B) policy log-probs of the rejected answers, differentiable
   * @param refChosen (B) reference log-probs of the chosen answers (treated as constants)
   * @param refRejected (B) reference log-probs of the rejected answers (treated as constants)
   * @param chosenNll () or (1) mean NLL over the chosen completion tokens of the batch; required
   *     when {@link #needsChosenNll} is true, otherwise may be null
   * @throws IllegalArgumentException on mismatched shapes or a missing chosenNll
   */
  public static DpoLossResult compute(
      DpoConfig config,
      NDArray policyChosen,
      NDArray policyRejected,
      NDArray refChosen,
      NDArray refRejected,
      NDArray chosenNll) {
    checkInputs(config, policyChosen, policyRejected, refChosen, refRejected, chosenNll);
    NDArray refC = refChosen.stopGradient(); // (B)
    NDArray refR = refRejected.stopGradient(); // (B)
    NDArray logits = policyChosen.sub(policyRejected).sub(refC.sub(refR)); // (B)
    NDArray losses = null; // (B)
    List<DpoLossType> types = config.lossType();
    for (int i = 0; i < types.size(); i++) {
      NDArray term = lossTerm(config, types.get(i), logits, chosenNll); // (B)
      NDArray weighted = term.mul(Scalars.like(term, config.lossWeight(i))); // (B)
      losses = losses == null ? weighted : losses.add(weighted);
    }
    if (config.rpoAlpha() != null) {
      NDArray nll = chosenNll.reshape().broadcast(logits.getShape()); // (B)
      losses = losses.add(nll.mul(Scalars.like(nll, config.rpoAlpha())));
    }
    NDArray loss = losses.mean(); // ()
    Map<String, Double> metrics =
        metrics(config.beta(), policyChosen, policyRejected, refC, refR, loss, chosenNll);
    return new DpoLossResult(loss, metrics);
  }

  private static NDArray lossTerm(
      DpoConfig config, DpoLossType type, NDArray logits, NDArray chosenNll) {
    double beta = config.beta();
    double ls = config.labelSmoothing();
    NDArray scaled = logits.mul(Scalars.like(logits, beta)); // (B) beta * logits
    return switch (type) {
      case SIGMOID -> {
        NDArray agree = logSigmoid(scaled).mul(Scalars.like(logits, 1 - ls));
        NDArray flipped = logSigmoid(scaled.neg()).mul(Scalars.like(logits, ls));
        yield agree.add(flipped).neg();
      }
      case ROBUST -> {
        NDArray agree = logSigmoid(scaled).mul(Scalars.like(logits, 1 - ls)).neg();
        NDArray flipped = logSigmoid(scaled.neg()).mul(Scalars.like(logits, ls));
        yield agree.add(flipped).div(Scalars.like(logits, 1 - 2 * ls));
      }
      case HINGE -> Scalars.like(logits, 1.0).sub(scaled).maximum(Scalars.like(logits, 0.0));
      case IPO -> logits.sub(Scalars.like(logits, 1 / (2 * beta))).square();
      case SFT -> chosenNll.reshape().broadcast(logits.getShape());
    };
  }

  /** Numerically stable {@code log(sigmoid(x)) = -(max(-x, 0) + log(1 + exp(-|x|)))}. */
  static NDArray logSigmoid(NDArray x) {
    NDArray zero = Scalars.like(x, 0.0);
    NDArray one = Scalars.like(x, 1.0);
    NDArray softplusOfNeg = x.neg().maximum(zero).add(one.add(x.abs().neg().exp()).log());
    return softplusOfNeg.neg();
  }

  private static Map<String, Double> metrics(
      double beta,
      NDArray policyChosen,
      NDArray policyRejected,
      NDArray refChosen,
      NDArray refRejected,
      NDArray loss,
      NDArray chosenNll) {
    double[] pc = toDoubles(policyChosen);
    double[] pr = toDoubles(policyRejected);
    double[] rc = toDoubles(refChosen);
    double[] rr = toDoubles(refRejected);
    int n = pc.length;
    double chosenReward = 0;
    double rejectedReward = 0;
    double accuracy = 0;
    double margin = 0;
    double logpChosen = 0;
    double logpRejected = 0;
    for (int i = 0; i < n; i++) {
      double c = beta * (pc[i] - rc[i]);
      double r = beta * (pr[i] - rr[i]);
      chosenReward += c / n;
      rejectedReward += r / n;
      accuracy += (c > r ? 1.0 : 0.0) / n;
      margin += (c - r) / n;
      logpChosen += pc[i] / n;
      logpRejected += pr[i] / n;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("loss", toDoubles(loss)[0]);
    out.put("rewards/chosen", chosenReward);
    out.put("rewards/rejected", rejectedReward);
    out.put("rewards/accuracies", accuracy);
    out.put("rewards/margins", margin);
    out.put("logps/chosen", logpChosen);
    out.put("logps/rejected", logpRejected);
    if (chosenNll != null) {
      out.put("nll_loss", toDoubles(chosenNll)[0]);
    }
    return out;
  }

  private static double[] toDoubles(NDArray a) {
    try (NDArray detached = a.stopGradient();
        NDArray copy = detached.toType(DataType.FLOAT64, true)) {
      return copy.toDoubleArray();
    }
  }

  private static void checkInputs(
      DpoConfig config,
      NDArray policyChosen,
      NDArray policyRejected,
      NDArray refChosen,
      NDArray refRejected,
      NDArray chosenNll) {
    var shape = policyChosen.getShape();
    if (shape.dimension() != 1
        || !policyRejected.getShape().equals(shape)
        || !refChosen.getShape().equals(shape)
        || !refRejected.getShape().equals(shape)) {
      throw new IllegalArgumentException(
          "policy and reference log-probs must all be (B) (got policyChosen "
              + shape
              + ", policyRejected "
              + policyRejected.getShape()
              + ", refChosen "
              + refChosen.getShape()
              + ", refRejected "
              + refRejected.getShape()
              + ")");
    }
    if (needsChosenNll(config) && chosenNll == null) {
      throw new IllegalArgumentException(
          "chosenNll must be given when lossType contains sft or rpoAlpha is set (lossType="
              + config.lossType()
              + ", rpoAlpha="
              + config.rpoAlpha()
              + ")");
    }
    if (chosenNll != null && chosenNll.size() != 1) {
      throw new IllegalArgumentException(
          "chosenNll must be a scalar, () or (1) (got " + chosenNll.getShape() + ")");
    }
  }
}
