package io.postrain.train;

/**
 * Group-relative advantages, as TRL's GRPOTrainer computes them: for the completions of one prompt
 * (a group of G), {@code A_i = (r_i - mean_group) / (std + 1e-4)} where std is the unbiased (n - 1)
 * standard deviation of the group ({@code scaleRewards=group}) or of the whole batch ({@code
 * batch}); with {@code none}, {@code A_i = r_i - mean_group}.
 *
 * <p>Dimensions: N = completions of the generation batch = prompts x G, grouped consecutively
 * (completion i belongs to prompt i / G).
 */
final class GrpoAdvantages {

  /** TRL's constant added to the std before dividing. */
  static final double STD_EPSILON = 1e-4;

  /**
   * @param advantages (N) one per completion
   * @param groupStd (N / G) the unbiased std of each group's rewards (TRL's {@code reward_std} is
   *     their mean)
   */
  record Result(double[] advantages, double[] groupStd) {}

  private GrpoAdvantages() {}

  /**
   * @param rewards (N) the total reward of every completion, groups consecutive
   * @param groupSize G, >= 2, dividing N
   */
  static Result compute(double[] rewards, int groupSize, GrpoScaleRewards scale) {
    if (groupSize < 2 || rewards.length == 0 || rewards.length % groupSize != 0) {
      throw new IllegalArgumentException(
          "need groups of >= 2 completions filling the batch (got "
              + rewards.length
              + " rewards in groups of "
              + groupSize
              + ")");
    }
    int groups = rewards.length / groupSize;
    double[] groupStd = new double[groups];
    double[] advantages = new double[rewards.length];
    double batchStd = std(rewards, 0, rewards.length);
    for (int g = 0; g < groups; g++) {
      int from = g * groupSize;
      double mean = mean(rewards, from, from + groupSize);
      groupStd[g] = std(rewards, from, from + groupSize);
      double divisor =
          switch (scale) {
            case GROUP -> groupStd[g] + STD_EPSILON;
            case BATCH -> batchStd + STD_EPSILON;
            case NONE -> 1.0;
          };
      for (int i = from; i < from + groupSize; i++) {
        advantages[i] = (rewards[i] - mean) / divisor;
      }
    }
    return new Result(advantages, groupStd);
  }

  static double mean(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i];
    }
    return sum / (to - from);
  }

  /** The unbiased standard deviation of {@code x[from:to]} (0 for a single value). */
  static double std(double[] x, int from, int to) {
    int n = to - from;
    if (n < 2) {
      return 0;
    }
    double mean = mean(x, from, to);
    double ss = 0;
    for (int i = from; i < to; i++) {
      ss += (x[i] - mean) * (x[i] - mean);
    }
    return Math.sqrt(ss / (n - 1));
  }
}
