package io.postrain.trainer.service;

import io.postrain.events.InvalidEventException;
import io.postrain.train.JobSettings;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobMetricEntity;
import io.postrain.trainer.repository.JobState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** How long a job is (optimizer steps) and, while it runs, how long it still takes. */
final class JobPlan {

  /** Logged intervals the step time is taken over: the median of the newest ones. */
  static final int RATE_WINDOW = 10;

  private JobPlan() {}

  /**
   * The job's optimizer steps: what its training loop reported once it logged, else what the loop
   * will compute from its config and {@code expectedExamples} ({@link JobSettings#totalSteps}); 0
   * for settings that cannot train (the job fails with the reason).
   */
  static int totalSteps(JobEntity job) {
    if (job.totalSteps > 0) {
      return job.totalSteps;
    }
    try {
      return JobSettings.parse(job.method, job.config, job.lora).totalSteps(job.expectedExamples);
    } catch (InvalidEventException | IllegalArgumentException e) {
      return 0;
    }
  }

  /**
   * Seconds until a running job ends: its remaining steps times the median time per step over the
   * newest {@link #RATE_WINDOW} logged intervals (a median, so the gap of a restart between two
   * logged steps does not count); null unless the job runs and has logged two steps.
   *
   * @param history the job's logged steps, oldest first
   */
  static Long etaSeconds(JobEntity job, int totalSteps, List<JobMetricEntity> history) {
    if (job.state != JobState.RUNNING || history == null || history.size() < 2) {
      return null;
    }
    int from = Math.max(1, history.size() - RATE_WINDOW);
    double[] secondsPerStep = new double[history.size() - from];
    for (int i = from; i < history.size(); i++) {
      JobMetricEntity before = history.get(i - 1);
      JobMetricEntity after = history.get(i);
      int steps = Math.max(1, after.step - before.step);
      double seconds = Duration.between(before.loggedAt, after.loggedAt).toNanos() / 1e9;
      secondsPerStep[i - from] = seconds / steps;
    }
    Arrays.sort(secondsPerStep);
    double median =
        secondsPerStep.length % 2 == 1
            ? secondsPerStep[secondsPerStep.length / 2]
            : (secondsPerStep[secondsPerStep.length / 2 - 1]
                    + secondsPerStep[secondsPerStep.length / 2])
                / 2;
    int remaining = Math.max(0, totalSteps - history.get(history.size() - 1).step);
    return Math.round(median * remaining);
  }
}
