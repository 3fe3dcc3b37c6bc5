package io.postrain.curation.service;

import io.postrain.curation.api.TrainingJobStatus;
import io.postrain.curation.repository.TrainingJobEntity;
import io.postrain.events.TrainingOutcomeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Records the training jobs curation requests and the outcomes the trainer announces. */
@ApplicationScoped
public class TrainingOutcomes {

  private static final Logger LOG = Logger.getLogger(TrainingOutcomes.class);

  /** Records a job just queued, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void requested(String jobId, String datasetId, String method, String outputModel) {
    TrainingJobEntity job = new TrainingJobEntity();
    job.jobId = jobId;
    job.datasetId = datasetId;
    job.method = method;
    job.outputModel = outputModel;
    job.state = TrainingJobEntity.REQUESTED;
    job.requestedAt = Instant.now();
    job.persist();
  }

  /**
   * Records how a job ended. Idempotent: a job that has its outcome keeps it (a redelivered event
   * changes nothing); an outcome of a job curation did not request (one posted to the trainer
   * directly) is left alone.
   */
  @Transactional
  public void onOutcome(TrainingOutcomeEvent outcome) {
    TrainingJobEntity job = TrainingJobEntity.findById(outcome.jobId());
    if (job == null) {
      LOG.debugf("training outcome of job %s, not requested here: ignored", outcome.jobId());
      return;
    }
    if (!job.state.equals(TrainingJobEntity.REQUESTED)) {
      return;
    }
    job.state = outcome.state();
    job.error = outcome.error();
    job.modelVersion = outcome.version();
    job.finishedAt = outcome.timestamp();
    LOG.infof(
        "training job %s of dataset %s: %s%s",
        job.jobId, job.datasetId, job.state, job.error == null ? "" : ": " + job.error);
  }

  /** The status of one job, or null when {@code jobId} is null or unknown. */
  @Transactional(Transactional.TxType.MANDATORY)
  public TrainingJobStatus status(String jobId) {
    if (jobId == null) {
      return null;
    }
    TrainingJobEntity job = TrainingJobEntity.findById(jobId);
    return job == null ? null : view(job);
  }

  /** The jobs requested on a dataset, newest first. */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<TrainingJobStatus> ofDataset(String datasetId) {
    return TrainingJobEntity.ofDataset(datasetId).stream().map(TrainingOutcomes::view).toList();
  }

  private static TrainingJobStatus view(TrainingJobEntity job) {
    return new TrainingJobStatus(
        job.jobId,
        job.method,
        job.outputModel,
        job.state,
        job.error,
        job.modelVersion,
        job.requestedAt,
        job.finishedAt);
  }
}
