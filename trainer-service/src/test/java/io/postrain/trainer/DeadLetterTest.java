package io.postrain.trainer;

import static io.postrain.testing.DeadLetters.reason;
import static io.postrain.testing.DeadLetters.withValue;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Records that cannot be read go to <topic>.dlq with the reason and block nothing. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
class DeadLetterTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Test
  void malformedRowsGoToTheDeadLetterTopicsAndTheNextRowsAreStored() {
    String marker = Events.newId();
    String dataset = "dlq-" + marker;
    PreferencePairEvent pair = Fixtures.pairs(dataset, 1).get(0);
    String noDataset =
        Events.toJson(pair)
            .replace("\"datasetId\":\"" + dataset + "\",", "\"note\":\"" + marker + "\",");
    assertThat(noDataset).doesNotContain("datasetId").contains(marker);
    String notJson = "{not json " + marker;
    TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, notJson);
    TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, noDataset);
    TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));

    SftExampleEvent example = Fixtures.sftExamples(dataset, 1).get(0);
    String emptyCompletion =
        Events.toJson(example)
            .replaceAll("\"completion\":\\[[^\\]]*\\]", "\"completion\":[]")
            .replace("\"strategy\":\"import\"", "\"strategy\":\"" + marker + "\"");
    TopicRecords.produce(kafka, Topics.SFT_EXAMPLES, emptyCompletion);
    TopicRecords.produce(kafka, Topics.SFT_EXAMPLES, Events.toJson(example));

    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(
            kafka, Topics.dlq(Topics.PREFERENCE_PAIRS), v -> v.contains(marker), 2);
    // Each record has its own key, so its own partition: dead letters may arrive in any order.
    assertThat(dead)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder(notJson, noDataset);
    assertThat(reason(withValue(dead, notJson)))
        .startsWith("malformed JSON for PreferencePairEvent");
    assertThat(reason(withValue(dead, noDataset))).contains("datasetId");
    List<ConsumerRecord<String, String>> deadSft =
        TopicRecords.awaitRecords(
            kafka, Topics.dlq(Topics.SFT_EXAMPLES), v -> v.contains(marker), 1);
    assertThat(deadSft.get(0).value()).isEqualTo(emptyCompletion);
    assertThat(reason(deadSft.get(0))).contains("completion");

    // The good rows behind the bad ones were stored.
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> given().get("/datasets/" + dataset).statusCode() == 200);
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                given().get("/datasets/" + dataset).jsonPath().getLong("preferencePairs") == 1
                    && given().get("/datasets/" + dataset).jsonPath().getLong("sftExamples") == 1);
  }

  @Test
  void malformedJobGoesToTheDeadLetterTopicAndTheNextJobIsQueued() {
    String marker = Events.newId();
    TrainingJobEvent job = Fixtures.job("dlq-jobs", "sft", "tiny", "out", 1000, "{}");
    String badMethod =
        Events.toJson(job)
            .replace("\"method\":\"sft\"", "\"method\":\"ppo\"")
            .replace(job.id(), marker);
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, badMethod);
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    List<ConsumerRecord<String, String>> dead =
        TopicRecords.awaitRecords(
            kafka, Topics.dlq(Topics.TRAINING_JOBS), v -> v.contains(marker), 1);
    assertThat(reason(dead.get(0))).contains("method");
    Fixtures.awaitState(job.id(), "WAITING_FOR_DATA");
    given().post("/jobs/" + job.id() + "/cancel").then().statusCode(200);
    given().get("/jobs/" + marker).then().statusCode(404);
  }
}
