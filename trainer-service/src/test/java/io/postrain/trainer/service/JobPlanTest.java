package io.postrain.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobMetricEntity;
import io.postrain.trainer.repository.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's planned steps and its ETA, against hand-computed figures. */
class JobPlanTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void totalStepsFollowTheTrainingLoopsCount() {
    // 10 rows, batch 3, accumulation 2: ceil(ceil(10 / 3) / 2) = 2 steps per epoch; 2.5 epochs
    // = ceil(5.0) = 5.
    JobEntity job =
        job(
            "{\"training\": {\"perDeviceTrainBatchSize\": 3, \"gradientAccumulationSteps\": 2,"
                + " \"numTrainEpochs\": 2.5}}",
            10);
    assertThat(JobPlan.totalSteps(job)).isEqualTo(5);
    // 7 rows, batch 8 (the default), 3 epochs (the default): 1 step per epoch, 3 steps.
    assertThat(JobPlan.totalSteps(job("{}", 7))).isEqualTo(3);
    assertThat(JobPlan.totalSteps(job("{\"training\": {\"maxSteps\": 40}}", 7))).isEqualTo(40);
    // Once the loop logged, its own figure.
    job.totalSteps = 6;
    assertThat(JobPlan.totalSteps(job)).isEqualTo(6);
    assertThat(JobPlan.totalSteps(job("{\"training\": {\"learningRate\": -1}}", 7))).isZero();
  }

  @Test
  void etaIsTheRemainingStepsTimesTheMedianStepTime() {
    JobEntity job = job("{}", 7);
    job.state = JobState.RUNNING;
    // Steps 1..5 logged 2 s apart, then a restart: step 6 logged 92 s after step 5. Intervals
    // 2, 2, 2, 2, 92 s: median 2 s per step; 20 - 6 = 14 steps left: 28 s.
    List<JobMetricEntity> history = new ArrayList<>();
    for (int step = 1; step <= 5; step++) {
      history.add(point(step, T0.plusSeconds(2L * (step - 1))));
    }
    history.add(point(6, T0.plusSeconds(100)));
    assertThat(JobPlan.etaSeconds(job, 20, history)).isEqualTo(28L);
    // Logged every 4 steps, 10 s apart: 2.5 s per step; 8 steps left after step 12: 20 s.
    List<JobMetricEntity> sparse =
        List.of(point(4, T0), point(8, T0.plusSeconds(10)), point(12, T0.plusSeconds(20)));
    assertThat(JobPlan.etaSeconds(job, 20, sparse)).isEqualTo(20L);
    assertThat(JobPlan.etaSeconds(job, 20, List.of(point(1, T0)))).isNull();
    job.state = JobState.SUCCEEDED;
    assertThat(JobPlan.etaSeconds(job, 20, history)).isNull();
  }

  private static JobEntity job(String config, int examples) {
    JobEntity job = new JobEntity();
    job.id = "j";
    job.method = "sft";
    job.config = config;
    job.expectedExamples = examples;
    job.state = JobState.QUEUED;
    return job;
  }

  private static JobMetricEntity point(int step, Instant loggedAt) {
    JobMetricEntity row = new JobMetricEntity();
    row.step = step;
    row.loggedAt = loggedAt;
    return row;
  }
}
