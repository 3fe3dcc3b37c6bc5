package io.postrain.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What each optimizer step of a {@link TrainingLoop} trains on, as a function of the step: SFT and
 * DPO draw shuffled examples of a fixed data set ({@link #shuffled}); GRPO samples completions of
 * its prompts with the current policy ({@link GrpoRollouts}).
 *
 * @param <T> one training unit of a micro-batch
 */
interface StepBatches<T> {

  /** The number of examples (or prompts) of the data set, for the start-of-run log line. */
  int size();

  /** Optimizer steps of the whole run. */
  int totalSteps();

  /** Optimizer steps per epoch. */
  int updatesPerEpoch();

  /** Fractional epochs after {@code completedSteps} steps. */
  default double epochAt(int completedSteps) {
    return (double) completedSteps / updatesPerEpoch();
  }

  /**
   * The micro-batches of the 0-based optimizer step {@code step}, called once per step in order
   * (after a resume, first with the resumed step); metrics of their making go to {@code window}.
   */
  List<List<T>> microBatches(int step, MetricsWindow window);

  /** Writes what a resumed run needs besides model, optimizer and step into a checkpoint. */
  default void save(Path checkpointDir) {}

  /** Reads what {@link #save} wrote, before the first step of a resumed run. */
  default void restore(Path checkpointDir) {}

  /** Shuffled micro-batches of {@code data} as {@link DataOrder} draws them. */
  static <T> StepBatches<T> shuffled(List<T> data, TrainingConfig config) {
    DataOrder order =
        new DataOrder(
            data.size(),
            config.perDeviceTrainBatchSize(),
            config.gradientAccumulationSteps(),
            config.seed());
    int total = config.totalOptimizerSteps(data.size());
    return new StepBatches<>() {
      @Override
      public int size() {
        return data.size();
      }

      @Override
      public int totalSteps() {
        return total;
      }

      @Override
      public int updatesPerEpoch() {
        return order.updatesPerEpoch();
      }

      @Override
      public List<List<T>> microBatches(int step, MetricsWindow window) {
        return order.microBatches(step).stream()
            .map(indices -> indices.stream().map(data::get).toList())
            .toList();
      }
    };
  }
}
