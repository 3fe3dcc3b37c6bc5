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

/** One materialised dataset row; its id is the id of the event that carried it. */
@Entity
@Table(name = "dataset_row")
public class DatasetRowEntity extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "dataset_id")
  public String datasetId;

  @Enumerated(EnumType.STRING)
  public RowKind kind;

  /** The event as JSON, exactly as received. */
  public String payload;

  @Column(name = "received_at")
  public Instant receivedAt;

  /** Rows of one kind in a dataset. */
  public static long count(String datasetId, RowKind kind) {
    return count("datasetId = ?1 and kind = ?2", datasetId, kind);
  }

  /** Rows of any kind in a dataset. */
  public static long countAll(String datasetId) {
    return count("datasetId", datasetId);
  }

  /** Rows of one kind in a dataset, in arrival order (ties by id). */
  public static List<DatasetRowEntity> rows(String datasetId, RowKind kind) {
    return list("datasetId = ?1 and kind = ?2 order by receivedAt, id", datasetId, kind);
  }
}
