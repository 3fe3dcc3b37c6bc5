package io.postrain.events;

import java.util.List;

/** Kafka topic names shared by every producer and consumer of postrain events. */
public final class Topics {

  /** {@link PromptEvent}s: prompts waiting for the inference service. */
  public static final String PROMPTS = "prompts";

  /** {@link ResponseEvent}s: the inference service's answers to prompts. */
  public static final String RESPONSES = "responses";

  /** {@link PreferencePairEvent}s: curated DPO rows, one per record. */
  public static final String PREFERENCE_PAIRS = "preference-pairs";

  /** {@link SftExampleEvent}s: curated SFT rows, one per record. */
  public static final String SFT_EXAMPLES = "sft-examples";

  /** {@link TrainingJobEvent}s: requests to train on a dataset. */
  public static final String TRAINING_JOBS = "training-jobs";

  /** {@link ModelUpdateEvent}s: new checkpoints in the model store. */
  public static final String MODEL_UPDATES = "model-updates";

  /** {@link TrainingOutcomeEvent}s: how each training job ended (succeeded, failed, cancelled). */
  public static final String TRAINING_OUTCOMES = "training-outcomes";

  /** Every topic above, in data-flow order. */
  public static final List<String> ALL =
      List.of(
          PROMPTS,
          RESPONSES,
          PREFERENCE_PAIRS,
          SFT_EXAMPLES,
          TRAINING_JOBS,
          MODEL_UPDATES,
          TRAINING_OUTCOMES);

  private Topics() {}

  /**
   * The dead-letter topic of a topic: where records that cannot be processed go, with the reason in
   * their headers.
   *
   * @param topic a topic name, e.g. {@link #RESPONSES}
   * @return {@code topic + ".dlq"}, e.g. {@code responses.dlq}
   */
  public static String dlq(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    return topic + ".dlq";
  }
}
