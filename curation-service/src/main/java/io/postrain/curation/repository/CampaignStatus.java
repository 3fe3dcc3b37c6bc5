package io.postrain.curation.repository;

/** Where a campaign stands. */
public enum CampaignStatus {
  /** Created without prompts; waiting for an upload. */
  CREATED,
  /** Prompts sent; curating responses as they arrive. */
  RUNNING,
  /** Every prompt answered or the target size reached; later responses are ignored. */
  COMPLETED
}
