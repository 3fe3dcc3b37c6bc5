package io.postrain.curation.repository;

/** Where a dataset's rows came from. */
public enum DatasetOrigin {
  /** Curated by a campaign; rows were published as they were curated. */
  CAMPAIGN,
  /** Imported from JSONL; rows are published when a training job is requested. */
  IMPORT,
  /**
   * Filtered from another dataset ({@code POST /datasets/{id}/filter}); its rows are new, so, as
   * for an import, they are published when a training job is requested.
   */
  FILTER
}
