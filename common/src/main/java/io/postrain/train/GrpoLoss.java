package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GRPO objective with TRL's formulas ({@code GRPOTrainer._compute_loss}). Per completion token
 * t of completion i, with the policy's log-prob {@code logp}, the one recorded at sampling time
 * {@code old} (the detached {@code logp} itself when {@code numIterations} is 1) and the
 * reference's {@code ref}:
 *
 * <pre>
 * ratio  = exp(logp - old)
 * l[i,t] = -min(ratio * A_i, clip(ratio, 1 - epsilon, 1 + epsilonHigh) * A_i)
 *          + beta * (exp(ref - logp) - (ref - logp) - 1)          // k3 KL, only when beta > 0
 * grpo:    mean_i( sum_t l[i,t] m[i,t] / max(1, sum_t m[i,t]) ) / accumulation
 * bnpo:    sum l m / max(1, sum m)  (over the micro-batch)        / accumulation
 * dr_grpo: sum l m / (B * maxCompletionLength)                   / accumulation
 * dapo:    sum l m / max(1, completion tokens of the whole optimizer step)
 * </pre>
 *
 * <p>m is the completion mask, B the micro-batch's completions; the step's loss is the sum over its
 * micro-batches, so for dapo every token of the step weighs the same however the step is split.
 * Metrics (masked token means): {@code kl}, {@code clip_ratio/low_mean} (ratio below {@code 1 -
 * epsilon} with A < 0), {@code clip_ratio/high_mean} (above {@code 1 + epsilonHigh} with A > 0),
 * {@code clip_ratio/region_mean} (either).
 *
 * <p>Dimensions: B = completions of the micro-batch, T = positions (prompt positions have m = 0).
 */
final class GrpoLoss {

  /**
   * @param loss () differentiable
   * @param tokens the completion tokens of the micro-batch (the weight of its token metrics)
   */
  record Result(NDArray loss, Map<String, Double> metrics, double tokens) {}

  private GrpoLoss() {}

  /**
   * @param logps (B, T) policy log-probs of the completion tokens, differentiable
   * @param oldLogps (B, T) log-probs at sampling time, or null (= {@code logps} detached)
   * @param refLogps (B, T) reference log-probs, required when beta > 0, otherwise ignored
   * @param advantages (B)
   * @param mask (B, T) 1 on trained completion tokens
   * @param accumulation micro-batches in the optimizer step
   * @param stepTokens completion tokens (mask sum) of the whole optimizer step, for dapo
   */
  static Result compute(
      GrpoConfig config,
      NDArray logps,
      NDArray oldLogps,
      NDArray refLogps,
      NDArray advantages,
      NDArray mask,
      int accumulation,
      long stepTokens) {
    if (config.beta() > 0 && refLogps == null) {
      throw new IllegalArgumentException("beta > 0 needs the reference log-probs");
    }
    NDArray old = oldLogps == null ? logps.stopGradient() : oldLogps.stopGradient(); // (B, T)
    NDArray adv = advantages.reshape(advantages.getShape().get(0), 1); // (B, 1)
    NDArray ratio = logps.sub(old).exp(); // (B, T)
    NDArray clipped =
        ratio
            .maximum(Scalars.like(ratio, 1 - config.epsilon()))
            .minimum(Scalars.like(ratio, 1 + config.upperEpsilon())); // (B, T)
    NDArray perToken = ratio.mul(adv).minimum(clipped.mul(adv)).neg(); // (B, T)
    NDArray kl = null;
    if (config.beta() > 0) {
      NDArray d = refLogps.stopGradient().sub(logps); // (B, T)
      kl = d.exp().sub(d).sub(Scalars.like(d, 1.0)); // (B, T)
      perToken = perToken.add(kl.mul(Scalars.like(kl, config.beta())));
    }
    NDArray masked = perToken.mul(mask); // (B, T)
    long b = logps.getShape().get(0);
    NDArray loss =
        switch (config.lossType()) {
          case GRPO -> {
            NDArray counts = mask.sum(new int[] {1}).maximum(Scalars.like(mask, 1.0)); // (B)
            yield masked
                .sum(new int[] {1})
                .div(counts)
                .mean()
                .div(Scalars.like(mask, accumulation));
          }
          case BNPO ->
              masked
                  .sum()
                  .div(mask.sum().maximum(Scalars.like(mask, 1.0)))
                  .div(Scalars.like(mask, accumulation));
          case DR_GRPO ->
              masked
                  .sum()
                  .div(
                      Scalars.like(mask, (double) b * config.maxCompletionLength() * accumulation));
          case DAPO -> masked.sum().div(Scalars.like(mask, Math.max(1, stepTokens)));
        };
    return metrics(config, loss, ratio, kl, advantages, mask);
  }

  private static Result metrics(
      GrpoConfig config,
      NDArray loss,
      NDArray ratio,
      NDArray kl,
      NDArray advantages,
      NDArray mask) {
    float[] r = floats(ratio);
    float[] m = floats(mask);
    float[] a = floats(advantages);
    float[] k = kl == null ? null : floats(kl);
    int t = r.length / a.length;
    double tokens = 0;
    double low = 0;
    double high = 0;
    double klSum = 0;
    for (int i = 0; i < r.length; i++) {
      if (m[i] == 0) {
        continue;
      }
      double adv = a[i / t];
      boolean isLow = r[i] < 1 - config.epsilon() && adv < 0;
      boolean isHigh = r[i] > 1 + config.upperEpsilon() && adv > 0;
      tokens += m[i];
      low += isLow ? m[i] : 0;
      high += isHigh ? m[i] : 0;
      klSum += k == null ? 0 : k[i] * m[i];
    }
    double n = Math.max(1, tokens);
    Map<String, Double> out = new LinkedHashMap<>();
    if (config.beta() > 0) {
      out.put("kl", klSum / n);
    }
    out.put("clip_ratio/low_mean", low / n);
    out.put("clip_ratio/high_mean", high / n);
    out.put("clip_ratio/region_mean", (low + high) / n);
    return new Result(loss, out, tokens);
  }

  private static float[] floats(NDArray x) {
    try (NDArray detached = x.stopGradient();
        NDArray f = detached.toType(DataType.FLOAT32, true)) {
      return f.toFloatArray();
    }
  }
}
