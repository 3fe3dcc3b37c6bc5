package io.postrain.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.TrainingJobEvent;
import io.postrain.lm.template.ChatMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: topics, events, jobs. */
final class Fixtures {

  static final Duration WAIT = Duration.ofSeconds(60);

  static final String[][] QA = {
    {"Hi", "Hello!"}, {"2+2?", "4"}, {"Name?", "Deep Qwen"}, {"Color?", "Blue"},
  };

  private Fixtures() {}

  /** {@code n} preference pairs of a dataset: the fixture answer chosen, "No idea" rejected. */
  static List<PreferencePairEvent> pairs(String datasetId, int n) {
    List<PreferencePairEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] qa = QA[i % QA.length];
      out.add(
          new PreferencePairEvent(
              Events.newId(),
              Events.SCHEMA_VERSION,
              Instant.now(),
              datasetId,
              null,
              null,
              List.of(ChatMessage.user(qa[0])),
              List.of(ChatMessage.assistant(qa[1])),
              List.of(ChatMessage.assistant("No idea")),
              "import"));
    }
    return out;
  }

  /** {@code n} SFT examples of a dataset. */
  static List<SftExampleEvent> sftExamples(String datasetId, int n) {
    List<SftExampleEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] qa = QA[i % QA.length];
      out.add(
          new SftExampleEvent(
              Events.newId(),
              Events.SCHEMA_VERSION,
              Instant.now(),
              datasetId,
              null,
              null,
              List.of(ChatMessage.user(qa[0])),
              List.of(ChatMessage.assistant(qa[1])),
              "import"));
    }
    return out;
  }

  /** A training job event. */
  static TrainingJobEvent job(
      String datasetId, String method, String baseModel, String output, int n, String config) {
    return new TrainingJobEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        datasetId,
        method,
        baseModel,
        output,
        n,
        tree(config),
        null,
        null,
        0);
  }

  /** A DPO job event regularised on the first {@code regularizationExamples} rows of a dataset. */
  static TrainingJobEvent regularizedJob(
      String datasetId,
      int n,
      String regularizationDatasetId,
      int regularizationExamples,
      String config) {
    return new TrainingJobEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        datasetId,
        "dpo",
        TinyModelResource.TINY,
        "tiny-dpo-reg",
        n,
        tree(config),
        null,
        regularizationDatasetId,
        regularizationExamples);
  }

  /** Batch 1, accumulation 2, one epoch, a log every step: 2 optimizer steps on 4 rows. */
  static String tinyConfig(double learningRate) {
    return """
        {"training": {"perDeviceTrainBatchSize": 1, "gradientAccumulationSteps": 2,
         "numTrainEpochs": 1, "loggingSteps": 1, "saveSteps": 1,
         "learningRate": %s}}
        """
        .formatted(learningRate);
  }

  static JsonNode tree(String json) {
    try {
      return Events.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** GET /jobs/{id} as JSON. */
  static JsonNode getJob(String id) {
    return tree(given().get("/jobs/" + id).then().statusCode(200).extract().asString());
  }

  /** Waits until the job is in {@code state} and returns it. */
  static JsonNode awaitState(String id, String state) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var r = given().get("/jobs/" + id);
              return r.statusCode() == 200
                  && state.equals(tree(r.asString()).path("state").asText());
            });
    return getJob(id);
  }
}
