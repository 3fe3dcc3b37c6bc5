package io.postrain.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a finished training run.
 *
 * @param outputDir where the final model (or adapter) was written
 * @param globalStep optimizer steps completed
 * @param lastMetrics the metrics of the last logging window (empty if nothing was logged)
 * @param elapsed wall time of this process's part of the run
 * @param droppedExamples examples left out because no trainable token remained after truncation
 */
public record TrainingResult(
    Path outputDir,
    int globalStep,
    Map<String, Double> lastMetrics,
    Duration elapsed,
    int droppedExamples) {

  public TrainingResult {
    lastMetrics = Map.copyOf(lastMetrics);
  }
}
