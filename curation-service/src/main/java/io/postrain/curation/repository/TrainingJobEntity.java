package io.postrain.curation.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A training job curation requested, with the outcome the trainer announced on {@code
 * training-outcomes}.
 */
@Entity
@Table(name = "training_job")
public class TrainingJobEntity extends PanacheEntityBase {

  /** State until the trainer announces the outcome. */
  public static final String REQUESTED = "REQUESTED";

  @Id
  @Column(name = "job_id")
  public String jobId;

  @Column(name = "dataset_id")
  public String datasetId;

  public String method;

  @Column(name = "output_model")
  public String outputModel;

  /** {@link #REQUESTED}, then the trainer's final state: SUCCEEDED, FAILED or CANCELLED. */
  public String state;

  /** Why the job failed or was cancelled, as the trainer said. */
  public String error;

  @Column(name = "model_version")
  public String modelVersion;

  @Column(name = "requested_at")
  public Instant requestedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  /** The jobs requested on a dataset, newest first. */
  public static List<TrainingJobEntity> ofDataset(String datasetId) {
    return list("datasetId = ?1 order by requestedAt desc", datasetId);
  }
}
