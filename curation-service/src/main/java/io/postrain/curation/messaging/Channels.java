package io.postrain.curation.messaging;

/**
 * SmallRye Reactive Messaging channel names of the curation service; each maps to the topic in its
 * comment through {@code application.properties}.
 */
public final class Channels {

  /** Incoming {@code responses}. */
  public static final String RESPONSES_IN = "responses";

  /** Incoming {@code training-outcomes}. */
  public static final String TRAINING_OUTCOMES_IN = "training-outcomes";

  /** Outgoing {@code prompts}. */
  public static final String PROMPTS_OUT = "prompts-out";

  /** Outgoing {@code preference-pairs}. */
  public static final String PREFERENCE_PAIRS_OUT = "preference-pairs-out";

  /** Outgoing {@code sft-examples}. */
  public static final String SFT_EXAMPLES_OUT = "sft-examples-out";

  /** Outgoing {@code training-jobs}. */
  public static final String TRAINING_JOBS_OUT = "training-jobs-out";

  private Channels() {}
}
