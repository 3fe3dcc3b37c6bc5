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
import java.util.Optional;

/** One prompt of a campaign and everything that happened to it; its id is the PromptEvent's id. */
@Entity
@Table(name = "campaign_prompt")
public class CampaignPromptEntity extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "campaign_id")
  public String campaignId;

  /** Position in the campaign, from 0. */
  public int seq;

  /** The prompt's chat messages as a JSON array. */
  public String messages;

  @Enumerated(EnumType.STRING)
  public PromptStatus status;

  /** The id of the ResponseEvent that answered it, or null. */
  @Column(name = "response_id")
  public String responseId;

  @Column(name = "model_version")
  public String modelVersion;

  /** Candidates in the response. */
  public int candidates;

  /** Dataset rows curated from the response. */
  @Column(name = "rows_created")
  public int rowsCreated;

  /** Candidates dropped because the curated row would teach nothing (chosen == rejected). */
  @Column(name = "dropped_identical")
  public int droppedIdentical;

  /** Candidates dropped because generation stopped at the token limit. */
  @Column(name = "dropped_truncated")
  public int droppedTruncated;

  /** Why candidates were dropped, or null. */
  @Column(name = "drop_reason")
  public String dropReason;

  /**
   * The prompt's own fields as a JSON object (e.g. {@code {"answer": "5"}}), the row that rewards
   * such as {@code exact} read; null when it has none.
   */
  public String fields;

  /**
   * A reward strategy's scores of the candidates, as JSON {@code [{"index", "total", "each": [one
   * score per reward]}]}, or null for strategies that score nothing.
   */
  public String scores;

  /**
   * Why a reward strategy made no row of the group (a DropReason key, e.g. underMargin), or null.
   */
  @Column(name = "drop_key")
  public String dropKey;

  /** The candidate a reward strategy kept (rejection) or chose (best-of-n), or null. */
  @Column(name = "kept_candidate")
  public Integer keptCandidate;

  /** The candidate best-of-n rejected, or null. */
  @Column(name = "rejected_candidate")
  public Integer rejectedCandidate;

  /** The response's error, or null. */
  public String error;

  @Column(name = "sent_at")
  public Instant sentAt;

  @Column(name = "answered_at")
  public Instant answeredAt;

  /** The prompts of a campaign in order. */
  public static List<CampaignPromptEntity> ofCampaign(String campaignId) {
    return list("campaignId = ?1 order by seq", campaignId);
  }

  /** The prompt answered by a response, if that response was seen before. */
  public static Optional<CampaignPromptEntity> byResponseId(String responseId) {
    return find("responseId", responseId).firstResultOptional();
  }

  /** The prompts of a campaign that a reward strategy scored, in order. */
  public static List<CampaignPromptEntity> scoredOfCampaign(String campaignId) {
    return list("campaignId = ?1 and scores is not null order by seq", campaignId);
  }

  /** Prompts of a campaign in a status. */
  public static long countByStatus(String campaignId, PromptStatus status) {
    return count("campaignId = ?1 and status = ?2", campaignId, status);
  }

  /** Prompts of a campaign. */
  public static long countOfCampaign(String campaignId) {
    return count("campaignId", campaignId);
  }

  /** Sums over a campaign's prompts, in one query. */
  public static PromptTotals totals(String campaignId) {
    Object[] r =
        getEntityManager()
            .createQuery(
                "select count(p), count(p.responseId),"
                    + " coalesce(sum(p.droppedIdentical), 0), coalesce(sum(p.droppedTruncated), 0),"
                    + " coalesce(sum(case when p.status = :failed then 1 else 0 end), 0),"
                    + " coalesce(sum(case when p.status = :ignored then 1 else 0 end), 0)"
                    + " from CampaignPromptEntity p where p.campaignId = :campaign",
                Object[].class)
            .setParameter("failed", PromptStatus.FAILED)
            .setParameter("ignored", PromptStatus.IGNORED)
            .setParameter("campaign", campaignId)
            .getSingleResult();
    return new PromptTotals(
        ((Number) r[0]).longValue(),
        ((Number) r[1]).longValue(),
        ((Number) r[2]).longValue(),
        ((Number) r[3]).longValue(),
        ((Number) r[4]).longValue(),
        ((Number) r[5]).longValue());
  }
}
