package io.postrain.trainer.messaging;

/**
 * SmallRye Reactive Messaging channel names of the trainer service; each maps to the topic in its
 * comment through {@code application.properties}.
 */
public final class Channels {

  /** Incoming {@code preference-pairs}. */
  public static final String PREFERENCE_PAIRS_IN = "preference-pairs";

  /** Incoming {@code sft-examples}. */
  public static final String SFT_EXAMPLES_IN = "sft-examples";

  /** Incoming {@code training-jobs}. */
  public static final String TRAINING_JOBS_IN = "training-jobs";

  /** Outgoing {@code model-updates}. */
  public static final String MODEL_UPDATES_OUT = "model-updates-out";

  /** Outgoing {@code training-outcomes}. */
  public static final String TRAINING_OUTCOMES_OUT = "training-outcomes-out";

  private Channels() {}
}
