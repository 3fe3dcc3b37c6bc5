package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackTopicsTest {

  @Test
  void everyEventTopicHasADeadLetterTopic() {
    assertThat(StackTopics.all())
        .hasSize(14)
        .doesNotHaveDuplicates()
        .contains(
            "prompts",
            "model-updates",
            "preference-pairs.dlq",
            "training-jobs.dlq",
            "training-outcomes.dlq");
    StackTopics.EVENT_TOPICS.forEach(
        topic -> assertThat(StackTopics.all()).contains(topic, topic + ".dlq"));
  }
}
