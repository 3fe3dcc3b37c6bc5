package io.postrain.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.events.Events;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.events.TrainingOutcomeEvent;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.checkpoint.CheckpointLoader;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.postrain.trainer.repository.RowKind;
import io.postrain.trainer.service.DatasetService;
import io.postrain.trainer.service.EngineTrainer;
import io.postrain.trainer.service.JobService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Datasets from Kafka, jobs from Kafka and HTTP, trained models in the store and announced. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
class TrainingFlowTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject EngineTrainer engine;

  @Inject JobService jobs;

  @Inject DatasetService datasets;

  @Test
  void dpoJobFromKafkaWaitsForItsRowsTrainsAndPublishesTheModelOnce() {
    String dataset = "prefs-" + Events.newId();
    TrainingJobEvent job =
        Fixtures.job(
            dataset, "dpo", TinyModelResource.TINY, "tiny-dpo", 4, Fixtures.tinyConfig(1e-3));
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    Fixtures.awaitState(job.id(), "WAITING_FOR_DATA");

    List<PreferencePairEvent> pairs = Fixtures.pairs(dataset, 4);
    for (PreferencePairEvent pair : pairs) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));
    }
    // Redeliveries of a row and of the job create nothing.
    TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pairs.get(0)));
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));

    JsonNode done = Fixtures.awaitState(job.id(), "SUCCEEDED");
    // 4 rows, batch 1, accumulation 2, 1 epoch: 4 / (1 x 2) = 2 optimizer steps, logged each.
    assertThat(done.get("step").asInt()).isEqualTo(2);
    assertThat(done.get("totalSteps").asInt()).isEqualTo(2);
    assertThat(done.get("datasetRows").asLong()).isEqualTo(4);
    assertThat(done.get("history")).hasSize(2);
    // The fixture's rejected side is always "No idea": two shortcut errors, stored on the job,
    // and training goes on (refuseLintErrors is off by default).
    assertThat(done.get("lint").get("severity").asText()).isEqualTo("error");
    assertThat(done.get("lint").get("shortcuts").get("words").findValuesAsText("word"))
        .containsExactly("No", "idea");
    assertThat(done.get("history").get(0).get("step").asInt()).isEqualTo(1);
    assertThat(done.get("history").get(1).get("step").asInt()).isEqualTo(2);
    for (JsonNode point : done.get("history")) {
      assertThat(point.get("metrics").has("loss")).isTrue();
      assertThat(point.get("tokensPerSecond").asDouble()).isPositive();
    }
    assertThat(done.get("history").get(0).get("metrics").has("rewards/accuracies")).isTrue();
    assertThat(done.get("modelVersion").asText()).isEqualTo("v1");

    ModelUpdateEvent update = awaitUpdate(job.id());
    assertThat(update.modelName()).isEqualTo("tiny-dpo");
    assertThat(update.version()).isEqualTo("v1");
    assertThat(update.baseModel()).isEqualTo(TinyModelResource.TINY);
    assertThat(update.path()).isEqualTo(done.get("outputPath").asText());
    assertThat(update.metrics()).containsKey("loss");
    assertLoads(Path.of(update.path()));

    assertThat(given().get("/jobs").then().statusCode(200).extract().jsonPath().getList("id"))
        .containsOnlyOnce(job.id());
    assertThat(TopicRecords.readAll(kafka, Topics.MODEL_UPDATES, v -> v.contains(job.id())))
        .hasSize(1);
    // The outcome for the requester: SUCCEEDED with the stored model.
    List<TrainingOutcomeEvent> outcomes =
        TopicRecords.awaitRecords(kafka, Topics.TRAINING_OUTCOMES, v -> v.contains(job.id()), 1)
            .stream()
            .map(r -> Events.parse(r.value(), TrainingOutcomeEvent.class))
            .toList();
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).state()).isEqualTo("SUCCEEDED");
    assertThat(outcomes.get(0).modelName()).isEqualTo("tiny-dpo");
    assertThat(outcomes.get(0).version()).isEqualTo("v1");
    assertThat(outcomes.get(0).error()).isNull();

    // Operations: the meters count the trained steps and the job, and the service is ready.
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("postrain_trainer_jobs{state=\"SUCCEEDED\"}");
    assertThat(metrics).contains("postrain_trainer_tokens_per_second");
    assertThat(stepsCounted(metrics)).isGreaterThanOrEqualTo(2.0);
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
  }

  /** The value of the postrain_trainer_steps_total counter in a Prometheus scrape. */
  private static double stepsCounted(String scrape) {
    return scrape
        .lines()
        .filter(l -> l.startsWith("postrain_trainer_steps_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no postrain_trainer_steps_total in\n" + scrape));
  }

  @Test
  void sftJobFromHttpTrainsOnSftExamplesAndStoresTheNextVersion() {
    String dataset = "sft-" + Events.newId();
    for (SftExampleEvent example : Fixtures.sftExamples(dataset, 4)) {
      TopicRecords.produce(kafka, Topics.SFT_EXAMPLES, Events.toJson(example));
    }
    String body =
        """
        {"datasetId": "%s", "method": "sft", "baseModel": "tiny", "outputModel": "tiny-sft",
         "expectedExamples": 4, "config": %s}
        """
            .formatted(dataset, Fixtures.tinyConfig(1e-3));
    String first =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/jobs")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    JsonNode done = Fixtures.awaitState(first, "SUCCEEDED");
    assertThat(done.get("history")).hasSize(2);
    assertThat(done.get("history").get(1).get("metrics").has("mean_token_accuracy")).isTrue();
    assertThat(done.get("modelVersion").asText()).isEqualTo("v1");

    // A second job on the same rows (expectedExamples left out: the 4 rows held now), trained from
    // the first result by name:latest, becomes v2.
    String second =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"datasetId": "%s", "method": "sft", "baseModel": "tiny-sft:latest",
                 "outputModel": "tiny-sft", "config": %s}
                """
                    .formatted(dataset, Fixtures.tinyConfig(1e-3)))
            .post("/jobs")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    JsonNode again = Fixtures.awaitState(second, "SUCCEEDED");
    assertThat(again.get("expectedExamples").asInt()).isEqualTo(4);
    assertThat(again.get("modelVersion").asText()).isEqualTo("v2");

    ModelUpdateEvent update = awaitUpdate(second);
    assertThat(update.baseModel()).isEqualTo("tiny-sft:latest");
    assertThat(Path.of(update.path()).getFileName().toString()).isEqualTo("v2");
    assertLoads(Path.of(update.path()));
    // The work dir of a succeeded job is gone; its checkpoints did not travel into the store.
    assertThat(Path.of(update.path()).resolveSibling("../.jobs/" + second).normalize())
        .doesNotExist();
    assertThat(Path.of(update.path()).resolve("checkpoint-1")).doesNotExist();
  }

  @Test
  void dpoJobWaitsForItsRegularizationDatasetAndTrainsOnItsFirstRows() {
    String dataset = "prefs-" + Events.newId();
    String general = "general-" + Events.newId();
    for (PreferencePairEvent pair : Fixtures.pairs(dataset, 4)) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));
    }
    TrainingJobEvent job =
        Fixtures.regularizedJob(
            dataset,
            4,
            general,
            3,
            Fixtures.tinyConfig(1e-3)
                .replace("{\"training\"", "{\"regularizationWeight\": 1.0, \"training\""));
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));

    // Its preference pairs are all there, but none of the 3 regularisation rows: it waits.
    JsonNode waiting = Fixtures.awaitState(job.id(), "WAITING_FOR_DATA");
    assertThat(waiting.get("regularizationDatasetId").asText()).isEqualTo(general);
    assertThat(waiting.get("regularizationExamples").asInt()).isEqualTo(3);
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> Fixtures.getJob(job.id()).get("datasetRows").asLong() == 4);
    // The worker looks every 200 ms (test profile): a second of looks must leave it waiting.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> Fixtures.getJob(job.id()).get("state").asText().equals("WAITING_FOR_DATA"));

    // Four rows arrive on one partition, so in this order; the job uses the first three.
    List<SftExampleEvent> rows = Fixtures.sftExamples(general, 4);
    for (SftExampleEvent row : rows) {
      TopicRecords.produce(kafka, Topics.SFT_EXAMPLES, Events.toJson(row));
    }
    JsonNode done = Fixtures.awaitState(job.id(), "SUCCEEDED");
    assertThat(done.get("step").asInt()).isEqualTo(2);
    assertThat(done.get("regularizationExamples").asInt()).isEqualTo(3);
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> Fixtures.getJob(job.id()).get("regularizationRows").asLong() == 4);
    // The first three to arrive ("Hi", "2+2?", "Name?"), in content order: "2" < "H" < "N".
    assertThat(engine.regularization(jobs.find(job.id())))
        .containsExactly(
            new SftExample.Conversation(rows.get(1).prompt(), rows.get(1).completion()),
            new SftExample.Conversation(rows.get(0).prompt(), rows.get(0).completion()),
            new SftExample.Conversation(rows.get(2).prompt(), rows.get(2).completion()));
    assertThat(awaitUpdate(job.id()).modelName()).isEqualTo("tiny-dpo-reg");
  }

  @Test
  void rowsTrainInTheSameOrderWhateverOrderTheyArrivedIn() {
    // The same four pairs reach two datasets in opposite orders (the test topics have one
    // partition, so they arrive in the order sent).
    String forward = "order-a-" + Events.newId();
    String backward = "order-b-" + Events.newId();
    List<PreferencePairEvent> a = Fixtures.pairs(forward, 4);
    List<PreferencePairEvent> b = Fixtures.pairs(backward, 4);
    for (int i = 0; i < 4; i++) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(a.get(i)));
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(b.get(3 - i)));
    }
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                datasets.count(forward, RowKind.PREFERENCE) == 4
                    && datasets.count(backward, RowKind.PREFERENCE) == 4);
    // Fixtures.QA prompts "Hi", "2+2?", "Name?", "Color?": sorted by content 2+2?, Color?, Hi,
    // Name?
    List<String> expected = List.of("2+2?", "Color?", "Hi", "Name?");
    assertThat(prompts(datasets.preferencePairs(forward, 4))).isEqualTo(expected);
    assertThat(prompts(datasets.preferencePairs(backward, 4))).isEqualTo(expected);
    assertThat(datasets.preferencePairs(forward, 4))
        .isEqualTo(datasets.preferencePairs(backward, 4));
    // A limit keeps the first rows to arrive: forward's first two are "Hi" and "2+2?".
    assertThat(prompts(datasets.preferencePairs(forward, 2))).containsExactly("2+2?", "Hi");
    assertThat(prompts(datasets.preferencePairs(backward, 2))).containsExactly("Color?", "Name?");
  }

  private static List<String> prompts(List<PreferenceExample> pairs) {
    return pairs.stream()
        .map(p -> ((PreferenceExample.Conversation) p).prompt().get(0).content())
        .toList();
  }

  private ModelUpdateEvent awaitUpdate(String jobId) {
    return Events.parse(
        TopicRecords.awaitRecords(kafka, Topics.MODEL_UPDATES, v -> v.contains(jobId), 1)
            .get(0)
            .value(),
        ModelUpdateEvent.class);
  }

  /** The stored checkpoint loads, has the base model's shape, and its weights moved. */
  private static void assertLoads(Path dir) {
    assertThat(Files.isRegularFile(dir.resolve("config.json"))).isTrue();
    Path base =
        Path.of(ConfigProvider.getConfig().getValue("postrain.trainer.models-dir", String.class))
            .resolve(TinyModelResource.TINY);
    try (LanguageModel model = LanguageModel.load(dir);
        NDManager manager = NDManager.newBaseManager()) {
      assertThat(model.config()).isEqualTo(ModelConfig.read(base));
      Map<String, NDArray> before = CheckpointLoader.load(base, model.config(), manager);
      Map<String, NDArray> after = CheckpointLoader.load(dir, model.config(), manager);
      assertThat(after.keySet()).isEqualTo(before.keySet());
      double moved = 0;
      for (String name : before.keySet()) {
        float[] x = before.get(name).toFloatArray();
        float[] y = after.get(name).toFloatArray();
        for (int i = 0; i < x.length; i++) {
          moved = Math.max(moved, Math.abs(x[i] - y[i]));
        }
      }
      assertThat(moved).as("largest weight change from the base model").isGreaterThan(1e-6);
    }
  }
}
