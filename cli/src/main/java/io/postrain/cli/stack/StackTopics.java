package io.postrain.cli.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The topics the local stack creates: every event topic and its dead-letter topic.
 *
 * <p>The one place the launcher names topics; it mirrors the event contracts in {@code common}.
 */
public final class StackTopics {

  /** The event topics of the data flow, in flow order. */
  public static final List<String> EVENT_TOPICS =
      List.of(
          "prompts",
          "responses",
          "preference-pairs",
          "sft-examples",
          "training-jobs",
          "model-updates",
          "training-outcomes");

  /** Suffix of a dead-letter topic: {@code <topic>.dlq}. */
  public static final String DLQ_SUFFIX = ".dlq";

  private StackTopics() {}

  /** Every event topic followed by every dead-letter topic. */
  public static List<String> all() {
    List<String> topics = new ArrayList<>(EVENT_TOPICS);
    EVENT_TOPICS.forEach(topic -> topics.add(topic + DLQ_SUFFIX));
    return List.copyOf(topics);
  }
}
