package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The method-specific part of a training step (SFT's token NLL, DPO's preference loss).
 *
 * @param <T> a tokenised example
 */
interface TrainingObjective<T> {

  /**
   * The normaliser units of one example: the loss of a step is the sum of per-unit losses over all
   * its micro-batches divided by the step's units (SFT: trained tokens; DPO: 1 per pair), so batch
   * 1 x accumulation n equals batch n x accumulation 1.
   */
  long units(T example);

  /** Non-padding input tokens of one example. */
  long tokens(T example);

  /**
   * Forward pass and loss of one micro-batch under an open gradient collector: {@code (sum of
   * per-unit losses) / stepUnits}, a differentiable () scalar in {@code manager}. Metrics go to
   * {@code window}.
   */
  NDArray loss(List<T> microBatch, long stepUnits, NDManager manager, MetricsWindow window);

  /** Metric names shown in the one-line progress log besides loss, lr, speed and ETA. */
  List<String> headlineMetrics();

  /** Whether the log carries {@code num_tokens} (the tokens seen so far), as TRL's SFT logs. */
  boolean logsNumTokens();

  /**
   * Whether the log carries {@code train_tokens_per_second}: input tokens per second of forward,
   * backward and optimizer step alone (GRPO, whose steps also sample).
   */
  default boolean logsTrainingSpeed() {
    return false;
  }

  /** Sum of {@code f} over a micro-batch. */
  static <T> long sum(List<T> examples, ToLongFunction<T> f) {
    long n = 0;
    for (T e : examples) {
      n += f.applyAsLong(e);
    }
    return n;
  }
}
