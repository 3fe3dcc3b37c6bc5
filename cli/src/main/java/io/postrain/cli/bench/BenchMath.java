package io.postrain.cli.bench;

import java.util.Arrays;

/** The arithmetic of the benchmark figures, kept apart so that it can be checked by hand. */
final class BenchMath {

  private BenchMath() {}

  /**
   * Model FLOP utilisation of training: {@code 6 x parameters x tokens/s} (forward 2, backward 4
   * FLOPs per weight and token) over the machine's matmul rate.
   *
   * @param parameters weights multiplied per token
   * @param tokensPerSecond training tokens per second
   * @param matmulGflops the machine's matmul rate, GFLOP/s
   * @return the fraction of the matmul rate, e.g. 0.35
   */
  static double trainingMfu(long parameters, double tokensPerSecond, double matmulGflops) {
    if (parameters < 1 || !(tokensPerSecond >= 0) || !(matmulGflops > 0)) {
      throw new IllegalArgumentException(
          "parameters must be >= 1, tokens/s >= 0 and the matmul rate > 0 (got "
              + parameters
              + ", "
              + tokensPerSecond
              + ", "
              + matmulGflops
              + ")");
    }
    return 6.0 * parameters * tokensPerSecond / (matmulGflops * 1e9);
  }

  /**
   * The {@code p}-th percentile by the nearest-rank method: the smallest value with at least {@code
   * p} percent of the values at or below it.
   *
   * @param values the sample, any order (not modified)
   * @param p in (0, 100]
   */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("percentile of an empty sample");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile p must be in (0, 100], got " + p);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length); // 1-based
    return sorted[Math.max(1, rank) - 1];
  }

  /** The median of {@code values} (mean of the two middle values for an even count). */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of an empty sample");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
