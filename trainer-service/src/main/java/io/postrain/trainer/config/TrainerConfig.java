package io.postrain.trainer.config;

import io.postrain.service.outbox.OutboxConfig;
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
  OutboxConfig outbox();

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

    /**
     * The most optimizer steps a job may take (as the training loop counts them from its rows,
     * batch, accumulation and epochs or maxSteps); a longer one is refused (400 on POST, FAILED
     * from Kafka), since it would hold the single training thread until cancelled.
     */
    @WithDefault("100000")
    int maxSteps();
  }
}
