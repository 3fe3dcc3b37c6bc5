package io.postrain.service.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A record waiting to be (or already) published to Kafka, in creation order: a row of the {@code
 * outbox} table that each service using this module creates in its own Flyway migration.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long seq;

  @Column(name = "event_id")
  public String eventId;

  public String topic;

  @Column(name = "record_key")
  public String recordKey;

  /** The event as JSON. */
  public String payload;

  @Column(name = "created_at")
  public Instant createdAt;

  /** When the broker acknowledged the record, or null while pending. */
  @Column(name = "published_at")
  public Instant publishedAt;

  /** The oldest pending records. */
  public static List<OutboxEntity> pending(int limit) {
    return find("publishedAt is null order by seq").page(Page.ofSize(limit)).list();
  }

  /** Deletes records published before {@code cutoff}; returns how many. */
  public static long deletePublishedBefore(Instant cutoff) {
    return delete("publishedAt < ?1", cutoff);
  }

  /** Marks records as published. */
  public static int markPublished(List<Long> seqs, Instant when) {
    return update("publishedAt = ?1 where seq in ?2", when, seqs);
  }
}
