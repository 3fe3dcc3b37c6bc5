package io.postrain.trainer.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** The metrics one job logged at one optimizer step. */
@Entity
@Table(name = "job_metric")
public class JobMetricEntity extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long seq;

  @Column(name = "job_id")
  public String jobId;

  public int step;

  @Column(name = "total_steps")
  public int totalSteps;

  public double epoch;

  @Column(name = "tokens_per_second")
  public double tokensPerSecond;

  /** Metric names to values as a JSON object. */
  public String metrics;

  @Column(name = "logged_at")
  public Instant loggedAt;

  /** A job's history in logging order. */
  public static List<JobMetricEntity> history(String jobId) {
    return list("jobId = ?1 order by seq", jobId);
  }
}
