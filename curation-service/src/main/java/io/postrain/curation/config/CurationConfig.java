package io.postrain.curation.config;

import io.postrain.service.outbox.OutboxConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the curation service, under {@code postrain.curation}. */
@ConfigMapping(prefix = "postrain.curation")
public interface CurationConfig {

  /** Limits on what one request may carry. */
  Limits limits();

  /** The transactional outbox that publishes curated records to Kafka. */
  OutboxConfig outbox();

  /** Dataset views. */
  Datasets datasets();

  /** Limits on what one request may carry. */
  interface Limits {

    /** Most prompts one request (campaign creation or prompt upload) may carry. */
    @WithDefault("10000")
    int maxPromptsPerRequest();

    /** Most rows one dataset import may carry. */
    @WithDefault("100000")
    int maxImportRows();
  }

  /** Dataset views. */
  interface Datasets {

    /** Rows shown as a sample in {@code GET /datasets/{id}}. */
    @WithDefault("3")
    int sampleRows();
  }
}
