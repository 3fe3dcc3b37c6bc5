package io.postrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.events.TrainingOutcomeEvent;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs that cannot train end FAILED with the reason, announce it, and publish no model. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
class FailedJobsTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Test
  void unknownBaseModelFails() {
    TrainingJobEvent job =
        Fixtures.job("any", "dpo", "missing:v9", "out", 1, Fixtures.tinyConfig(1e-3));
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    JsonNode failed = Fixtures.awaitState(job.id(), "FAILED");
    assertThat(failed.get("error").asText()).startsWith("unknown base model 'missing:v9'");
    assertFailureAnnounced(job, failed);
  }

  @Test
  void invalidConfigFails() {
    TrainingJobEvent job =
        Fixtures.job("any", "sft", "tiny", "out", 1, "{\"training\": {\"learningRate\": -1}}");
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    JsonNode failed = Fixtures.awaitState(job.id(), "FAILED");
    assertThat(failed.get("error").asText())
        .startsWith("invalid sft config: ")
        .contains("learningRate");
    assertFailureAnnounced(job, failed);
  }

  @Test
  void divergingTrainingFails() {
    String dataset = "diverge-" + Events.newId();
    for (PreferencePairEvent pair : Fixtures.pairs(dataset, 4)) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));
    }
    TrainingJobEvent job =
        Fixtures.job(dataset, "dpo", "tiny", "diverged", 4, Fixtures.tinyConfig(1e30));
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    JsonNode failed = Fixtures.awaitState(job.id(), "FAILED");
    assertThat(failed.get("error").asText()).startsWith("training diverged: ");
    assertFailureAnnounced(job, failed);
  }

  @Test
  void incompleteDatasetFailsAfterTheDataTimeout() {
    String dataset = "short-" + Events.newId();
    TopicRecords.produce(
        kafka, Topics.SFT_EXAMPLES, Events.toJson(Fixtures.sftExamples(dataset, 1).get(0)));
    TrainingJobEvent job = Fixtures.job(dataset, "sft", "tiny", "out", 3, "{}");
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    Fixtures.awaitState(job.id(), "WAITING_FOR_DATA");
    JsonNode failed = Fixtures.awaitState(job.id(), "FAILED");
    assertThat(failed.get("error").asText())
        .isEqualTo(
            "dataset '"
                + dataset
                + "' holds 1 of the 3 expected sft rows after waiting PT12S"
                + " (postrain.trainer.jobs.data-timeout)");
    assertThat(failed.get("datasetRows").asLong()).isEqualTo(1);
    assertFailureAnnounced(job, failed);
  }

  @Test
  void sftJobWithARegularizationDatasetFails() {
    TrainingJobEvent sft = Fixtures.job("any", "sft", "tiny", "out", 1, "{}");
    TrainingJobEvent job =
        new TrainingJobEvent(
            sft.id(),
            sft.schemaVersion(),
            sft.timestamp(),
            sft.datasetId(),
            sft.method(),
            sft.baseModel(),
            sft.outputModel(),
            sft.expectedExamples(),
            sft.config(),
            null,
            "general",
            2);
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    JsonNode failed = Fixtures.awaitState(job.id(), "FAILED");
    assertThat(failed.get("error").asText())
        .isEqualTo(
            "regularizationDatasetId is only accepted for dpo jobs (the DPO loss's SFT"
                + " regulariser): this job's method is sft; leave it out");
    assertFailureAnnounced(job, failed);
  }

  @Test
  void incompleteRegularizationDatasetFailsAfterTheDataTimeout() {
    String dataset = "complete-" + Events.newId();
    String general = "short-general-" + Events.newId();
    for (PreferencePairEvent pair : Fixtures.pairs(dataset, 2)) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));
    }
    TopicRecords.produce(
        kafka, Topics.SFT_EXAMPLES, Events.toJson(Fixtures.sftExamples(general, 1).get(0)));
    TrainingJobEvent job =
        Fixtures.regularizedJob(dataset, 2, general, 3, "{\"regularizationWeight\": 1.0}");
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    JsonNode failed = Fixtures.awaitState(job.id(), "FAILED");
    assertThat(failed.get("error").asText())
        .isEqualTo(
            "regularization dataset '"
                + general
                + "' holds 1 of the 3 expected sft rows after waiting PT12S"
                + " (postrain.trainer.jobs.data-timeout)");
    assertThat(failed.get("datasetRows").asLong()).isEqualTo(2);
    assertThat(failed.get("regularizationRows").asLong()).isEqualTo(1);
    assertFailureAnnounced(job, failed);
  }

  /**
   * No model went out; one outcome on {@code training-outcomes} says FAILED with the job's reason
   * (what curation shows on its campaign and dataset views).
   */
  private void assertFailureAnnounced(TrainingJobEvent job, JsonNode failed) {
    List<TrainingOutcomeEvent> outcomes =
        TopicRecords.awaitRecords(kafka, Topics.TRAINING_OUTCOMES, v -> v.contains(job.id()), 1)
            .stream()
            .map(r -> Events.parse(r.value(), TrainingOutcomeEvent.class))
            .toList();
    assertThat(outcomes).hasSize(1);
    TrainingOutcomeEvent outcome = outcomes.get(0);
    assertThat(outcome.jobId()).isEqualTo(job.id());
    assertThat(outcome.datasetId()).isEqualTo(job.datasetId());
    assertThat(outcome.state()).isEqualTo("FAILED");
    assertThat(outcome.error()).isEqualTo(failed.get("error").asText()).isNotBlank();
    assertThat(outcome.modelName()).isNull();
    assertThat(TopicRecords.readAll(kafka, Topics.MODEL_UPDATES, v -> v.contains(job.id())))
        .isEmpty();
  }
}
