package io.postrain.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the inference service, under {@code postrain.inference}. */
@ConfigMapping(prefix = "postrain.inference")
public interface InferenceConfig {

  /**
   * Directory of base models: each subdirectory holding a {@code config.json} is a model named
   * after the subdirectory, served as version {@code base}.
   */
  @WithDefault("./models")
  Path modelsDir();

  /**
   * Most trained versions kept loaded per model; older ones are closed once no request uses them.
   */
  @WithDefault("2")
  int loadedVersionsPerModel();

  /** The batching scheduler. */
  Batching batching();

  /** Defaults and limits of requests. */
  Limits limits();

  /** The batching scheduler. */
  interface Batching {

    /** Most requests generated together as one padded batch, >= 1. */
    @WithDefault("8")
    int maxBatchSize();

    /**
     * How long the worker waits after the first request of a batch for more to arrive; 0 starts at
     * once (requests arriving during a batch still join the next one).
     */
    @WithDefault("5ms")
    Duration maxWait();

    /** Most requests waiting in the queue; further ones are refused (HTTP 503). */
    @WithDefault("1024")
    int maxQueued();
  }

  /** Defaults and limits of requests. */
  interface Limits {

    /** max_new_tokens when a request leaves it out. */
    @WithDefault("256")
    int defaultMaxNewTokens();

    /** Most candidates per prompt (n). */
    @WithDefault("16")
    int maxN();

    /**
     * Most bytes of a request body on any endpoint, refused with 413 in the endpoint's error shape:
     * before the body is read when its {@code Content-Length} says so, once read when it comes
     * chunked. Keep it under Quarkus' {@code quarkus.http.limits.max-body-size} (10 MiB by
     * default), which refuses a chunked body larger than that with a bare 413.
     */
    @WithDefault("1048576")
    int maxRequestBytes();

    /**
     * Most characters of all message contents of one request together, checked before the prompt is
     * rendered and tokenised (tokenising costs about 2 s of CPU per MB): a 40k-token context at
     * about 5 characters per token, so no prompt that fits a Qwen3 context is refused.
     */
    @WithDefault("200000")
    int maxPromptChars();
  }
}
