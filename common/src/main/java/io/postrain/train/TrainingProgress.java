package io.postrain.train;

import java.time.Duration;
import java.util.Map;

/**
 * One logging event of a training run.
 *
 * @param step optimizer steps completed, in [1, totalSteps]
 * @param totalSteps optimizer steps of the whole run
 * @param epoch fractional epochs completed ({@code step / updatesPerEpoch}), as transformers logs
 * @param metrics TRL's metric names to values, averaged over the logging window
 * @param tokensPerSecond non-padding input tokens processed per second over the window
 * @param elapsed wall time since this process started training (excludes earlier runs)
 * @param eta estimated time to the end, from the speed so far in this process
 */
public record TrainingProgress(
    int step,
    int totalSteps,
    double epoch,
    Map<String, Double> metrics,
    double tokensPerSecond,
    Duration elapsed,
    Duration eta) {

  public TrainingProgress {
    metrics = Map.copyOf(metrics);
  }
}
