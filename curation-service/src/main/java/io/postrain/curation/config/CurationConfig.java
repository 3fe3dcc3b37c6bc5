package io.postrain.curation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the curation service, under {@code postrain.curation}. */
@ConfigMapping(prefix = "postrain.curation")
public interface CurationConfig {

  /** Limits on what one request may carry. */
  Limits limits();

  /** The transactional outbox that publishes curated records to Kafka. */
  Outbox outbox();

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

  /** The transactional outbox that publishes curated records to Kafka. */
  interface Outbox {

    /**
     * How often the relay retries records that could not be published right after their transaction
     * (e.g. while Kafka was down).
     */
    @WithDefault("5s")
    Duration relayInterval();

    /** Most records published in one relay round. */
    @WithDefault("500")
    int batchSize();

    /**
     * How long one relay round waits for the broker to acknowledge its records. Longer than the
     * producer may hold a record (SmallRye re-sends a failed record until the channel's {@code
     * delivery.timeout.ms}, 120 s by default, and that last attempt may take as long again), so a
     * round never gives up on a record the producer still holds: one given up on and then delivered
     * anyway would be published a second time by the next round.
     */
    @WithDefault("5m")
    Duration sendTimeout();

    /**
     * How long published records stay in the outbox table (for operators tracing an event) before
     * the relay deletes them.
     */
    @WithDefault("7d")
    Duration retention();
  }

  /** Dataset views. */
  interface Datasets {

    /** Rows shown as a sample in {@code GET /datasets/{id}}. */
    @WithDefault("3")
    int sampleRows();
  }
}
