package io.postrain.curation.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A curation campaign row; JSON-valued columns hold the request's parts verbatim. */
@Entity
@Table(name = "campaign")
public class CampaignEntity extends PanacheEntityBase {

  @Id public String id;

  public String name;

  /** The model prompts are sent to: name, name:version or name:latest. */
  public String model;

  @Enumerated(EnumType.STRING)
  public CampaignStatus status;

  @Column(name = "strategy_type")
  public String strategyType;

  /** The strategy's settings object as JSON. */
  @Column(name = "strategy_settings")
  public String strategySettings;

  /** The sampling parameters as JSON. */
  public String sampling;

  @Column(name = "target_size")
  public Integer targetSize;

  /** The training job to launch on completion as JSON, or null. */
  @Column(name = "training_job")
  public String trainingJob;

  @Column(name = "dataset_id")
  public String datasetId;

  /** The id of the TrainingJobEvent published on completion, or null. */
  @Column(name = "training_job_id")
  public String trainingJobId;

  /** Why something expected did not happen (e.g. no training job for an empty dataset). */
  public String note;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "completed_at")
  public Instant completedAt;

  /** Every campaign, newest first. */
  public static List<CampaignEntity> listNewestFirst() {
    return list("order by createdAt desc");
  }
}
