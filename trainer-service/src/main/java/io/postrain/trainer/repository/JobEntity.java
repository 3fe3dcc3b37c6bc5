package io.postrain.trainer.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A training job: what to train, and where it is in its lifecycle. */
@Entity
@Table(name = "job")
public class JobEntity extends PanacheEntityBase {

  @Id public String id;

  @Enumerated(EnumType.STRING)
  public JobState state;

  /** {@code sft} or {@code dpo}. */
  public String method;

  @Column(name = "dataset_id")
  public String datasetId;

  @Column(name = "base_model")
  public String baseModel;

  @Column(name = "output_model")
  public String outputModel;

  @Column(name = "expected_examples")
  public int expectedExamples;

  /** The SFT dataset of a DPO job's regulariser, or null for none. */
  @Column(name = "regularization_dataset_id")
  public String regularizationDatasetId;

  /** SFT rows of the regularisation dataset to wait for and use; 0 when there is none. */
  @Column(name = "regularization_examples")
  public int regularizationExamples;

  /** The SftConfig / DpoConfig as JSON ({@code {}} for all defaults). */
  public String config;

  /** The LoraConfig as JSON, or null for full fine-tuning. */
  public String lora;

  /** {@code http} or {@code kafka}: how the job arrived. */
  public String source;

  /** Optimizer steps completed, as last logged. */
  public int step;

  @Column(name = "total_steps")
  public int totalSteps;

  /** The metrics of the last logged step as a JSON object, or null. */
  @Column(name = "last_metrics")
  public String lastMetrics;

  /**
   * The dataset linter's report on the rows the job trains on, as JSON (one section per check), or
   * null until the worker has linted them.
   */
  public String lint;

  /** The report's worst severity ({@code ok}, {@code info}, {@code warning}, {@code error}). */
  @Column(name = "lint_severity")
  public String lintSeverity;

  /** Why the job failed (or was cancelled), or null. */
  public String error;

  /** The trained model's directory in the store, once SUCCEEDED. */
  @Column(name = "output_path")
  public String outputPath;

  /** The version the trained model was stored as, once SUCCEEDED. */
  @Column(name = "model_version")
  public String modelVersion;

  /** Whether the next run continues from the newest checkpoint in the job's work dir. */
  public boolean resume;

  /** Whether a cancel was requested while the job ran. */
  @Column(name = "cancel_requested")
  public boolean cancelRequested;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  /** Jobs the worker has still to start, oldest first. */
  public static List<JobEntity> pending() {
    return list(
        "state in ?1 order by createdAt, id", List.of(JobState.QUEUED, JobState.WAITING_FOR_DATA));
  }

  /** Jobs in one state, oldest first. */
  public static List<JobEntity> inState(JobState state) {
    return list("state = ?1 order by createdAt, id", state);
  }

  /** Every job, newest first. */
  public static List<JobEntity> newestFirst() {
    return list("order by createdAt desc, id");
  }
}
