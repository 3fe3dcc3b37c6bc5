package io.postrain.trainer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One server-sent event of {@code GET /jobs/{id}/events}: a logged step ({@code type} {@code
 * progress}) or the job's final state ({@code type} {@code state}, the last event of the stream).
 *
 * @param type {@code progress} or {@code state}
 * @param jobId the job
 * @param state the job's state (RUNNING for progress events)
 * @param step optimizer steps completed
 * @param totalSteps optimizer steps of the run
 * @param epoch fractional epochs completed (progress events)
 * @param tokensPerSecond non-padding tokens per second (progress events)
 * @param metrics the step's metrics (progress) or the last metrics (state)
 * @param error why the job failed or was cancelled (state events), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
    String type,
    String jobId,
    String state,
    int step,
    int totalSteps,
    Double epoch,
    Double tokensPerSecond,
    Map<String, Double> metrics,
    String error) {}
