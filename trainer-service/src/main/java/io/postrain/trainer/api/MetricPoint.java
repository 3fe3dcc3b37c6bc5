package io.postrain.trainer.api;

import java.time.Instant;
import java.util.Map;

/**
 * The metrics a job logged at one optimizer step.
 *
 * @param step optimizer steps completed
 * @param totalSteps optimizer steps of the run
 * @param epoch fractional epochs completed
 * @param tokensPerSecond non-padding tokens per second over the logging window
 * @param metrics TRL metric names to values
 * @param loggedAt when the step was logged
 */
public record MetricPoint(
    int step,
    int totalSteps,
    double epoch,
    double tokensPerSecond,
    Map<String, Double> metrics,
    Instant loggedAt) {}
