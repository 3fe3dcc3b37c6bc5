package io.postrain.trainer.service;

import io.postrain.events.InvalidEventException;
import io.postrain.service.ApiException;
import io.postrain.service.outbox.OutboxQueued;
import io.postrain.train.JobSettings;
import io.postrain.train.TrainingCancelledException;
import io.postrain.train.TrainingDivergedException;
import io.postrain.train.TrainingResult;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs one job to its end on the calling (worker) thread: resolve the base model, train into the
 * job's work dir, move the final model into the store, and mark the job SUCCEEDED with its model
 * update queued in the outbox. Any failure marks it FAILED with the reason and publishes nothing; a
 * cancel marks it CANCELLED. A shutdown leaves it RUNNING so the next start resumes it.
 *
 * <p>The work dir is deleted after success and kept after a failure or cancel (for inspection).
 */
@ApplicationScoped
public class JobExecution {

  private static final Logger LOG = Logger.getLogger(JobExecution.class);

  @Inject JobTransitions transitions;

  @Inject ModelStore models;

  @Inject EngineTrainer trainer;

  @Inject JobEvents events;

  @Inject TrainerMetrics metrics;

  @Inject CancelRequests cancels;

  @Inject Event<OutboxQueued> outboxQueued;

  /** Starts and runs the job unless it started or was cancelled meanwhile. */
  public void run(String id) {
    Optional<JobEntity> started = transitions.start(id);
    if (started.isEmpty()) {
      return;
    }
    JobEntity job = started.get();
    metrics.refresh();
    LOG.infof(
        "job %s: %s of %s on dataset %s (%d rows)%s%s",
        id,
        job.method,
        job.baseModel,
        job.datasetId,
        job.expectedExamples,
        job.regularizationDatasetId == null
            ? ""
            : ", regularized on dataset %s (%d rows)"
                .formatted(job.regularizationDatasetId, job.regularizationExamples),
        job.resume ? ", resuming" : "");
    JobEntity ended;
    try {
      ended = train(job);
    } catch (TrainingCancelledException e) {
      if (cancels.shuttingDown()) {
        LOG.infof("job %s: stopped by shutdown; it resumes from its checkpoint on restart", id);
        return;
      }
      ended = transitions.end(id, JobState.CANCELLED, "cancelled on request while training");
    } catch (TrainingDivergedException e) {
      ended = transitions.end(id, JobState.FAILED, "training diverged: " + e.getMessage());
    } catch (ApiException | InvalidEventException e) {
      ended = transitions.end(id, JobState.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf(e, "job %s failed", id);
      ended = transitions.end(id, JobState.FAILED, describe(e));
    } finally {
      cancels.clear(id);
      metrics.idle();
    }
    outboxQueued.fire(new OutboxQueued());
    metrics.refresh();
    LOG.infof("job %s: %s%s", id, ended.state, ended.error == null ? "" : ": " + ended.error);
    events.finish(JobViews.finalEvent(ended));
  }

  private JobEntity train(JobEntity job) {
    JobSettings parsed = JobSettings.parse(job.method, job.config, job.lora);
    JobSettings settings =
        new JobSettings(
            parsed.method(),
            parsed.sft(),
            models.withReferenceModel(parsed.dpo()),
            parsed.lora(),
            parsed.lint());
    Path base = models.require("baseModel", "base model", job.baseModel);
    Path work = models.workDir(job.id);
    createDirectories(work);
    JobProgressListener listener =
        new JobProgressListener(job.id, job.step, transitions, events, metrics, cancels);
    TrainingResult result = trainer.train(settings, base, job, work, listener);
    Path stored = models.publish(result.outputDir(), job.outputModel);
    JobEntity done = transitions.succeed(job.id, stored, result.lastMetrics(), result.globalStep());
    deleteQuietly(work);
    return done;
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the job work dir " + dir + ": " + e, e);
    }
  }

  private void deleteQuietly(Path dir) {
    try {
      models.deleteTree(dir);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warnf("cannot delete the job work dir %s: %s", dir, e);
    }
  }
}
