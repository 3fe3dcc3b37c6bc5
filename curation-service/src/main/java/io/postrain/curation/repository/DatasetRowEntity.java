package io.postrain.curation.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * One dataset row; its id is the id of the PreferencePairEvent or SftExampleEvent that carries it.
 * Preference rows fill {@code chosen} and {@code rejected}, SFT rows {@code completion}; message
 * lists are JSON arrays of {@code {role, content}}.
 */
@Entity
@Table(name = "dataset_row")
public class DatasetRowEntity extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "dataset_id")
  public String datasetId;

  /** Position in the dataset, from 0. */
  public int seq;

  @Column(name = "campaign_id")
  public String campaignId;

  @Column(name = "prompt_id")
  public String promptId;

  @Column(name = "response_id")
  public String responseId;

  @Column(name = "candidate_index")
  public Integer candidateIndex;

  public String strategy;

  public String prompt;

  public String chosen;

  public String rejected;

  public String completion;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Rows in a dataset. */
  public static long countOfDataset(String datasetId) {
    return count("datasetId", datasetId);
  }

  /** The first rows of a dataset. */
  public static List<DatasetRowEntity> firstRows(String datasetId, int rows) {
    return find("datasetId = ?1 order by seq", datasetId).page(Page.ofSize(rows)).list();
  }

  /** Every row of a dataset in order, streamed (needs an open transaction). */
  public static Stream<DatasetRowEntity> streamOfDataset(String datasetId) {
    return stream("datasetId = ?1 order by seq", datasetId);
  }
}
