package io.postrain.trainer.service;

import io.postrain.train.TrainingListener;
import io.postrain.train.TrainingProgress;
import io.postrain.trainer.api.JobEvent;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The trainer's listener for one job: stores each logged step (history row and job progress),
 * updates the meters, streams the step to SSE subscribers, and answers the trainer's cancel polls.
 * Runs on the training thread; each call is one short transaction.
 */
final class JobProgressListener implements TrainingListener {

  private static final Logger LOG = Logger.getLogger(JobProgressListener.class);

  private final String jobId;
  private final JobTransitions transitions;
  private final JobEvents events;
  private final TrainerMetrics metrics;
  private final CancelRequests cancels;
  private int lastStep;

  JobProgressListener(
      String jobId,
      int startStep,
      JobTransitions transitions,
      JobEvents events,
      TrainerMetrics metrics,
      CancelRequests cancels) {
    this.jobId = jobId;
    this.lastStep = startStep;
    this.transitions = transitions;
    this.events = events;
    this.metrics = metrics;
    this.cancels = cancels;
  }

  @Override
  public void onLog(TrainingProgress progress) {
    transitions.record(jobId, progress);
    metrics.logged(progress.step() - lastStep, progress.tokensPerSecond());
    lastStep = progress.step();
    events.progress(
        new JobEvent(
            "progress",
            jobId,
            "RUNNING",
            progress.step(),
            progress.totalSteps(),
            progress.epoch(),
            progress.tokensPerSecond(),
            progress.metrics(),
            null));
  }

  @Override
  public void onCheckpoint(int step, Path dir) {
    LOG.infof("job %s: checkpoint of step %d in %s", jobId, step, dir);
  }

  @Override
  public boolean cancelled() {
    return cancels.shouldStop(jobId);
  }
}
