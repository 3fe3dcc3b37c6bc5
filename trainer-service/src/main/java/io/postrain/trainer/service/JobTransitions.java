package io.postrain.trainer.service;

import io.postrain.events.Events;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingOutcomeEvent;
import io.postrain.service.ApiException;
import io.postrain.service.outbox.OutboxService;
import io.postrain.train.TrainingProgress;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobMetricEntity;
import io.postrain.trainer.repository.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state changes of jobs, each in its own transaction. Changes that race with a cancel (start,
 * cancel of a waiting job) are conditional updates, so exactly one of them wins.
 */
@ApplicationScoped
public class JobTransitions {

  private static final List<JobState> NOT_STARTED =
      List.of(JobState.QUEUED, JobState.WAITING_FOR_DATA);

  @Inject OutboxService outbox;

  @Inject CancelRequests cancels;

  /** Jobs not started yet, oldest first. */
  @Transactional
  public List<JobEntity> pending() {
    return JobEntity.pending();
  }

  /** Marks a job RUNNING if it has not started (or been cancelled) meanwhile. */
  @Transactional
  public Optional<JobEntity> start(String id) {
    int n =
        JobEntity.update(
            "state = ?1, startedAt = coalesce(startedAt, ?2) where id = ?3 and state in ?4",
            JobState.RUNNING,
            Instant.now(),
            id,
            NOT_STARTED);
    return n == 1 ? Optional.of(JobEntity.findById(id)) : Optional.empty();
  }

  /** Stores the dataset linter's report on a job. */
  @Transactional
  public void linted(String id, String report, String severity) {
    JobEntity.update("lint = ?1, lintSeverity = ?2 where id = ?3", report, severity, id);
  }

  /** A queued job whose dataset is still incomplete. */
  @Transactional
  public void waiting(String id) {
    JobEntity.update(
        "state = ?1 where id = ?2 and state = ?3", JobState.WAITING_FOR_DATA, id, JobState.QUEUED);
  }

  /**
   * Records one logged step: a history row and the job's progress. Rows of this step and later ones
   * go first: a resumed run logs again the steps after its checkpoint, which the run before it may
   * have logged already, and the history keeps one row per step (the resumed run's).
   */
  @Transactional
  public void record(String id, TrainingProgress progress) {
    JobMetricEntity.delete("jobId = ?1 and step >= ?2", id, progress.step());
    String metrics = JobViews.json(progress.metrics());
    JobMetricEntity row = new JobMetricEntity();
    row.jobId = id;
    row.step = progress.step();
    row.totalSteps = progress.totalSteps();
    row.epoch = progress.epoch();
    row.tokensPerSecond = progress.tokensPerSecond();
    row.metrics = metrics;
    row.loggedAt = Instant.now();
    row.persist();
    JobEntity.update(
        "step = ?1, totalSteps = ?2, lastMetrics = ?3 where id = ?4",
        progress.step(),
        progress.totalSteps(),
        metrics,
        id);
  }

  /**
   * Ends a job as SUCCEEDED and queues its model update in the same transaction.
   *
   * @param stored the model's directory in the store ({@code <store>/<model>/<version>})
   * @param metrics the final training metrics
   * @param steps optimizer steps completed
   */
  @Transactional
  public JobEntity succeed(String id, Path stored, Map<String, Double> metrics, int steps) {
    JobEntity job = JobEntity.findById(id);
    job.state = JobState.SUCCEEDED;
    job.outputPath = stored.toAbsolutePath().toString();
    job.modelVersion = stored.getFileName().toString();
    job.step = steps;
    job.lastMetrics = JobViews.json(metrics);
    job.finishedAt = Instant.now();
    ModelUpdateEvent event =
        new ModelUpdateEvent(
            Events.newId(),
            Events.SCHEMA_VERSION,
            job.finishedAt,
            job.outputModel,
            job.modelVersion,
            job.outputPath,
            job.baseModel,
            job.id,
            metrics);
    outbox.enqueue(Topics.MODEL_UPDATES, job.outputModel, event.id(), event);
    announce(job);
    return job;
  }

  /** Ends a job that has not finished as FAILED (or CANCELLED) with the reason. */
  @Transactional
  public JobEntity end(String id, JobState state, String reason) {
    JobEntity job = JobEntity.findById(id);
    if (!job.state.finished()) {
      job.state = state;
      job.error = reason;
      job.finishedAt = Instant.now();
      announce(job);
    }
    return job;
  }

  /**
   * Cancels a job: a queued or waiting one ends CANCELLED now; a running one is flagged and its
   * trainer stops at its next poll.
   *
   * @return the job ended now (false: running, the trainer will end it)
   * @throws ApiException 404 for an unknown job, 409 for a finished one
   */
  @Transactional
  public boolean cancel(String id) {
    int n =
        JobEntity.update(
            "state = ?1, error = ?2, finishedAt = ?3 where id = ?4 and state in ?5",
            JobState.CANCELLED,
            "cancelled on request before it started",
            Instant.now(),
            id,
            NOT_STARTED);
    if (n == 1) {
      announce(JobEntity.findById(id));
      return true;
    }
    JobEntity job = JobEntity.findById(id);
    if (job == null) {
      throw ApiException.notFound("no job with id " + id);
    }
    if (job.state.finished()) {
      throw ApiException.conflict(
          "job " + id + " has finished (" + job.state + "): only unfinished jobs can be cancelled");
    }
    // One column, written now: a managed entity would write its whole (stale) row at commit, and
    // the trainer, which sees the in-memory flag below at once, may have ended the job by then;
    // the RUNNING state of this snapshot would overwrite its CANCELLED (a lost update).
    JobEntity.update("cancelRequested = true where id = ?1", id);
    cancels.request(id);
    return false;
  }

  /**
   * Queues a finished job's {@link TrainingOutcomeEvent} in the transaction that ended it, for the
   * service that requested it (curation shows failures and their reasons on its views).
   */
  private void announce(JobEntity job) {
    boolean succeeded = job.state == JobState.SUCCEEDED;
    TrainingOutcomeEvent event =
        new TrainingOutcomeEvent(
            Events.newId(),
            Events.SCHEMA_VERSION,
            job.finishedAt,
            job.id,
            job.datasetId,
            job.state.name(),
            succeeded ? null : job.error,
            succeeded ? job.outputModel : null,
            succeeded ? job.modelVersion : null);
    outbox.enqueue(Topics.TRAINING_OUTCOMES, job.id, event.id(), event);
  }

  /** Re-queues jobs left RUNNING by a stopped service, to resume from their newest checkpoint. */
  @Transactional
  public int recoverRunning() {
    return JobEntity.update(
        "state = ?1, resume = true where state = ?2", JobState.QUEUED, JobState.RUNNING);
  }

  /** A job as it is stored now. */
  @Transactional
  public JobEntity load(String id) {
    return JobEntity.findById(id);
  }
}
