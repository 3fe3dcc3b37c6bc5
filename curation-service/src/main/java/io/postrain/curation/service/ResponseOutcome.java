package io.postrain.curation.service;

/** What the curation service did with one response. */
public enum ResponseOutcome {
  /** The response belongs to no campaign of this service; acknowledged and left alone. */
  NOT_OURS,
  /** The response (or another response to the same prompt) was processed before. */
  DUPLICATE,
  /** The response names a prompt its campaign never sent. */
  UNKNOWN_PROMPT,
  /** The response arrived after its campaign completed. */
  IGNORED,
  /** The response carried an error instead of candidates. */
  FAILED,
  /** The response was curated (its candidates may all have been dropped). */
  CURATED
}
