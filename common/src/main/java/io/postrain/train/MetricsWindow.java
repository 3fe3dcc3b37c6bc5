package io.postrain.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics gathered between two logging events: the step loss averaged over steps (as transformers
 * logs {@code loss}), every other metric as a weighted mean over what the objective reported (pairs
 * for DPO, tokens for SFT), and the tokens processed.
 */
final class MetricsWindow {

  private final Map<String, double[]> sums = new LinkedHashMap<>(); // name -> {sum(v*w), sum(w)}
  private double lossSum;
  private int steps;
  private long tokens;
  private long trainNanos;
  private long startNanos = System.nanoTime();

  /** Adds {@code value} with {@code weight} to the mean of {@code name}. */
  void add(String name, double value, double weight) {
    double[] s = sums.computeIfAbsent(name, k -> new double[2]);
    s[0] += value * weight;
    s[1] += weight;
  }

  /** Records one completed optimizer step. */
  void addStep(double loss, long stepTokens) {
    lossSum += loss;
    steps++;
    tokens += stepTokens;
  }

  /** Adds the time spent in forward, backward and the optimizer step of one step. */
  void addTrainTime(long nanos) {
    trainNanos += nanos;
  }

  /** Tokens per second of the training part of the window's steps alone. */
  double trainTokensPerSecond() {
    return trainNanos > 0 ? tokens / (trainNanos / 1e9) : 0;
  }

  /** Tokens per second since the window opened. */
  double tokensPerSecond() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return seconds > 0 ? tokens / seconds : 0;
  }

  /** The window's means ({@code loss} first), then clears the window. */
  Map<String, Double> drain() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("loss", steps == 0 ? Double.NaN : lossSum / steps);
    sums.forEach((name, s) -> out.put(name, s[1] == 0 ? 0.0 : s[0] / s[1]));
    sums.clear();
    lossSum = 0;
    steps = 0;
    tokens = 0;
    trainNanos = 0;
    startNanos = System.nanoTime();
    return out;
  }
}
