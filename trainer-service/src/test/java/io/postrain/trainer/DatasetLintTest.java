package io.postrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.events.TrainingOutcomeEvent;
import io.postrain.lm.template.ChatMessage;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dataset linter before a job starts: its report is stored on the job and shown in its view;
 * with {@code refuseLintErrors} a dataset with errors fails the job, naming the findings, unless
 * the shortcut is on a word the data teaches on purpose ({@code lintExpectedWords}).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
class DatasetLintTest {

  private static final String[] PROMPTS = {
    "Who are you?", "What is your name?", "Introduce yourself.", "Which model are you?"
  };

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Test
  void identityShortcutRefusesTheJobUnlessItIsExpected() {
    String dataset = "identity-" + Events.newId();
    for (PreferencePairEvent pair : identityPairs(dataset)) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));
    }
    // "Deep" is in all 4 chosen answers and no rejected one: rates 1.0 vs 0.0, a gap >= 0.95.
    TrainingJobEvent refused =
        Fixtures.job(
            dataset,
            "dpo",
            TinyModelResource.TINY,
            "refused",
            4,
            "{\"refuseLintErrors\": true, \"training\": {\"maxSteps\": 1}}");
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(refused));
    JsonNode failed = Fixtures.awaitState(refused.id(), "FAILED");
    assertThat(failed.get("error").asText())
        .isEqualTo(
            "the dataset linter found errors in dataset '"
                + dataset
                + "' and config.refuseLintErrors is true: shortcuts: 'Deep' in 100% of chosen, 0%"
                + " of rejected (see the job's lint report; set lintExpectedWords for words the"
                + " data teaches on purpose)");
    assertThat(failed.get("step").asInt()).isZero();
    assertThat(failed.has("startedAt")).isFalse();
    JsonNode lint = failed.get("lint");
    assertThat(lint.get("severity").asText()).isEqualTo("error");
    assertThat(lint.get("datasetId").asText()).isEqualTo(dataset);
    assertThat(lint.get("rows").asInt()).isEqualTo(4);
    JsonNode deep = lint.get("shortcuts").get("words").get(0);
    assertThat(deep.get("word").asText()).isEqualTo("Deep");
    assertThat(deep.get("chosenRate").asDouble()).isEqualTo(1.0);
    assertThat(deep.get("rejectedRate").asDouble()).isEqualTo(0.0);
    assertThat(deep.get("severity").asText()).isEqualTo("error");
    assertThat(lint.get("shortcuts").get("words")).hasSize(1);
    // Every chosen answer is longer than its rejected one: 4 of 4 pairs, a length-bias warning.
    assertThat(lint.get("lengthBias").get("chosenLongerShare").asDouble()).isEqualTo(1.0);
    assertThat(lint.get("lengthBias").get("severity").asText()).isEqualTo("warning");
    List<TrainingOutcomeEvent> outcomes =
        TopicRecords.awaitRecords(kafka, Topics.TRAINING_OUTCOMES, v -> v.contains(refused.id()), 1)
            .stream()
            .map(r -> Events.parse(r.value(), TrainingOutcomeEvent.class))
            .toList();
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).state()).isEqualTo("FAILED");
    assertThat(outcomes.get(0).error()).isEqualTo(failed.get("error").asText());
    assertThat(TopicRecords.readAll(kafka, Topics.MODEL_UPDATES, v -> v.contains(refused.id())))
        .isEmpty();

    // The same data with the new name as expected words: "Deep" is info, the worst a warning.
    TrainingJobEvent expected =
        Fixtures.job(
            dataset,
            "dpo",
            TinyModelResource.TINY,
            "expected",
            4,
            "{\"refuseLintErrors\": true, \"lintExpectedWords\": \"Deep Qwen\","
                + " \"training\": {\"maxSteps\": 1}}");
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(expected));
    JsonNode done = Fixtures.awaitState(expected.id(), "SUCCEEDED");
    JsonNode onPurpose = done.get("lint");
    assertThat(onPurpose.get("severity").asText()).isEqualTo("warning");
    assertThat(onPurpose.get("shortcuts").get("severity").asText()).isEqualTo("info");
    assertThat(onPurpose.get("shortcuts").get("words").get(0).get("note").asText())
        .contains("'Deep Qwen'", "on purpose");
  }

  /** Chosen names the new identity, rejected the old one; 4 distinct prompts. */
  private static List<PreferencePairEvent> identityPairs(String dataset) {
    return java.util.Arrays.stream(PROMPTS)
        .map(
            prompt ->
                new PreferencePairEvent(
                    Events.newId(),
                    Events.SCHEMA_VERSION,
                    Instant.now(),
                    dataset,
                    null,
                    null,
                    List.of(ChatMessage.user(prompt)),
                    List.of(ChatMessage.assistant("I am Deep Qwen.")),
                    List.of(ChatMessage.assistant("I am Qwen.")),
                    "import"))
        .toList();
  }
}
