package io.postrain.curation.repository;

/** What happened to one prompt of a campaign. */
public enum PromptStatus {
  /** Published to the prompts topic; no response yet. */
  SENT,
  /** Answered and curated (its rows may all have been dropped: see the drop counters). */
  ANSWERED,
  /** Answered with an error and no candidates. */
  FAILED,
  /** Answered after its campaign had completed; not curated. */
  IGNORED
}
