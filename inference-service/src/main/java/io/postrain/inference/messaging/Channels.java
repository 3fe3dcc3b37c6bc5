package io.postrain.inference.messaging;

/**
 * SmallRye Reactive Messaging channel names of the inference service; each maps to the topic in its
 * comment through {@code application.properties}.
 */
public final class Channels {

  /** Incoming {@code prompts}. */
  public static final String PROMPTS_IN = "prompts";

  /** Incoming {@code model-updates}. */
  public static final String MODEL_UPDATES_IN = "model-updates";

  /** Outgoing {@code responses}. */
  public static final String RESPONSES_OUT = "responses-out";

  /** The worker pool on which prompts are handled concurrently, so the scheduler can batch them. */
  public static final String PROMPT_WORKERS = "prompt-workers";

  private Channels() {}
}
