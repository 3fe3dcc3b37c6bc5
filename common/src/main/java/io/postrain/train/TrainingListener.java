package io.postrain.train;

import java.nio.file.Path;

/**
 * Receives a trainer's progress. Called on the training thread; implementations must return quickly
 * (hand work to another thread if it is slow).
 */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = p -> {};

  /** Metrics of the last logging window, every {@code loggingSteps} optimizer steps. */
  void onLog(TrainingProgress progress);

  /** A complete checkpoint of optimizer step {@code step} now exists in {@code dir}. */
  default void onCheckpoint(int step, Path dir) {}

  /**
   * Polled between micro-batches; when true the trainer stops with a {@link
   * TrainingCancelledException} (the newest checkpoint stays usable for a resume).
   */
  default boolean cancelled() {
    return false;
  }
}
