package io.postrain.curation.repository;

/** Where a dataset's rows came from. */
public enum DatasetOrigin {
  /** Curated by a campaign; rows were published as they were curated. */
  CAMPAIGN,
  /** Imported from JSONL; rows are published when a training job is requested. */
  IMPORT
}
