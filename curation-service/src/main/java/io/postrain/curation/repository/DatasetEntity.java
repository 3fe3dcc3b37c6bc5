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

/** A dataset: curated by a campaign or imported. */
@Entity
@Table(name = "dataset")
public class DatasetEntity extends PanacheEntityBase {

  @Id public String id;

  public String name;

  @Enumerated(EnumType.STRING)
  public DatasetKind kind;

  @Enumerated(EnumType.STRING)
  public DatasetOrigin origin;

  @Column(name = "source_campaign_id")
  public String sourceCampaignId;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Every dataset, newest first. */
  public static List<DatasetEntity> listNewestFirst() {
    return list("order by createdAt desc");
  }
}
