package io.postrain.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the trainer service, under {@code postrain.trainer}. */
@ConfigMapping(prefix = "postrain.trainer")
public interface TrainerConfig {

  /**
   * Base models by name: {@code <models-dir>/<name>/} in Hugging Face layout ({@code config.json},
   * {@code model.safetensors}, tokenizer files).
   */
  Path modelsDir();

  /** The job queue. */
  Jobs jobs();

  /** The transactional outbox that publishes model updates to Kafka. */
  Outbox outbox();

  /** The job queue. */
  interface Jobs {

    /**
     * How long a job may wait for its dataset to reach {@code expectedExamples} rows before it
     * fails.
     */
    @WithDefault("1h")
    Duration dataTimeout();

    /** How often the worker looks at waiting jobs when nothing woke it. */
    @WithDefault("2s")
    Duration pollInterval();
  }

  /** The transactional outbox that publishes model updates to Kafka. */
  interface Outbox {

    /** How often the relay retries records that could not be published right away. */
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
     * How long published records stay in the outbox table (for operators tracing a record) before
     * the relay deletes them.
     */
    @WithDefault("7d")
    Duration retention();
  }
}
