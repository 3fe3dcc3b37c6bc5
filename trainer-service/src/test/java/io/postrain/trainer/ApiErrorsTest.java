package io.postrain.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.postrain.events.Events;
import io.postrain.events.Topics;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.junit.jupiter.api.Test;

/** Refused requests: 400 with {error, field}, 404 for unknown jobs, 409 for finished ones. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
class ApiErrorsTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  private static final String VALID =
      """
      {"datasetId": "d1", "method": "dpo", "baseModel": "tiny", "outputModel": "out",
       "expectedExamples": 3}
      """;

  @Test
  void malformedJsonIs400() {
    post("{\"datasetId\": ")
        .statusCode(400)
        .body("error", startsWith("malformed JSON for request body"));
  }

  @Test
  void anUnknownFieldIsRefusedByNameNotDropped() {
    // seen by hand: a top-level refModelPath (it belongs in config) was accepted and ignored
    post(VALID.replace("\"datasetId\"", "\"refModelPath\": \"/etc\", \"datasetId\""))
        .statusCode(400)
        .body("field", equalTo("refModelPath"))
        .body("error", containsString("unknown field"))
        .body("error", containsString("outputModel"));
  }

  @Test
  void missingFieldsAre400NamingTheField() {
    post(VALID.replace("\"datasetId\": \"d1\",", ""))
        .statusCode(400)
        .body("field", equalTo("datasetId"))
        .body("error", equalTo("datasetId is missing or blank"));
    post(VALID.replace("\"outputModel\": \"out\",", ""))
        .statusCode(400)
        .body("field", equalTo("outputModel"));
    post(VALID.replace("\"expectedExamples\": 3", "\"expectedExamples\": \"many\""))
        .statusCode(400)
        .body("field", equalTo("expectedExamples"));
  }

  @Test
  void theJobViewSaysHowManyStepsTheJobWillTake() {
    // 10 rows, batch 3, accumulation 2, 2.5 epochs, by hand: ceil(10 / 3) = 4 micro-batches,
    // ceil(4 / 2) = 2 optimizer steps per epoch, ceil(2.5 x 2) = 5 steps. The dataset holds no
    // rows yet, so the job waits and the view shows the plan before any step is logged.
    String waiting =
        post("""
                {"datasetId": "plan-%s", "method": "sft", "baseModel": "tiny", "outputModel": "o",
                 "expectedExamples": 10,
                 "config": {"training": {"perDeviceTrainBatchSize": 3,
                   "gradientAccumulationSteps": 2, "numTrainEpochs": 2.5}}}
                """
                .formatted(Events.newId()))
            .statusCode(201)
            .body("totalSteps", equalTo(5))
            .extract()
            .path("id");
    given().get("/jobs/" + waiting).then().statusCode(200).body("totalSteps", equalTo(5));
    given().post("/jobs/" + waiting + "/cancel").then().statusCode(200);
    // maxSteps overrides the epochs.
    String capped =
        post(VALID
                .replace(
                    "\"expectedExamples\": 3",
                    "\"expectedExamples\": 3, \"config\":" + " {\"training\": {\"maxSteps\": 7}}")
                .replace("\"d1\"", "\"plan-" + Events.newId() + "\""))
            .statusCode(201)
            .body("totalSteps", equalTo(7))
            .extract()
            .path("id");
    given().post("/jobs/" + capped + "/cancel").then().statusCode(200);
  }

  @Test
  void aJobLongerThanTheStepLimitIs400() {
    // 10 rows, batch 8: 2 steps per epoch; 1e5 epochs = 200000 steps > 100000.
    post("""
            {"datasetId": "d1", "method": "sft", "baseModel": "tiny", "outputModel": "o",
             "expectedExamples": 10, "config": {"training": {"numTrainEpochs": 1e5}}}
            """)
        .statusCode(400)
        .body("field", equalTo("config.training.numTrainEpochs"))
        .body(
            "error",
            equalTo(
                "the job would train 200000 optimizer steps (numTrainEpochs 100000.0 x 10 rows /"
                    + " (batch 8 x accumulation 1)): accepted are at most 100000"
                    + " (postrain.trainer.jobs.max-steps); lower numTrainEpochs or set maxSteps"));
    post("""
            {"datasetId": "d1", "method": "sft", "baseModel": "tiny", "outputModel": "o",
             "expectedExamples": 10, "config": {"training": {"numTrainEpochs": 1e9}}}
            """)
        .statusCode(400)
        .body("field", equalTo("config.training.numTrainEpochs"))
        .body(
            "error",
            startsWith(
                "the job would train 2000000000 optimizer steps (numTrainEpochs 1.0E9 x 10 rows"));
    // More steps than an int holds: the loop's count saturates, the message says so.
    post("""
            {"datasetId": "d1", "method": "sft", "baseModel": "tiny", "outputModel": "o",
             "expectedExamples": 10, "config": {"training": {"numTrainEpochs": 1e10}}}
            """)
        .statusCode(400)
        .body("error", startsWith("the job would train over 2 billion optimizer steps"));
    post(VALID.replace(
            "\"expectedExamples\": 3",
            "\"expectedExamples\": 3, \"config\":" + " {\"training\": {\"maxSteps\": 100001}}"))
        .statusCode(400)
        .body("field", equalTo("config.training.maxSteps"))
        .body("error", containsString("(maxSteps is 100001): accepted are at most 100000"));
  }

  @Test
  void unknownMethodIs400() {
    post(VALID.replace("\"dpo\"", "\"ppo\""))
        .statusCode(400)
        .body("field", equalTo("method"))
        .body("error", equalTo("unknown method 'ppo': accepted are sft and dpo"));
  }

  @Test
  void invalidConfigIs400WithTheConfigRecordsMessage() {
    post(VALID.replace(
            "\"expectedExamples\": 3", "\"expectedExamples\": 3, \"config\": {\"beta\": -1}"))
        .statusCode(400)
        .body("field", equalTo("config"))
        .body("error", startsWith("invalid dpo config: "))
        .body("error", containsString("beta"));
    post(VALID.replace(
            "\"expectedExamples\": 3", "\"expectedExamples\": 3, \"config\": {\"nope\": 1}"))
        .statusCode(400)
        .body("field", equalTo("config"))
        .body("error", containsString("nope"));
    post(VALID.replace("\"expectedExamples\": 3", "\"expectedExamples\": 3, \"lora\": {\"r\": 0}"))
        .statusCode(400)
        .body("field", equalTo("lora"))
        .body("error", startsWith("invalid lora config: "));
  }

  @Test
  void unknownBaseModelIs400() {
    post(VALID.replace("\"tiny\"", "\"nowhere:v3\""))
        .statusCode(400)
        .body("field", equalTo("baseModel"))
        .body("error", startsWith("unknown base model 'nowhere:v3': accepted is "));
    post(VALID.replace("\"tiny\"", "\"../tiny\""))
        .statusCode(400)
        .body("field", equalTo("baseModel"));
    post(VALID.replace("\"out\"", "\"../out\""))
        .statusCode(400)
        .body("field", equalTo("outputModel"));
  }

  @Test
  void unknownDatasetWithoutExpectedExamplesIs400() {
    String body =
        """
        {"datasetId": "d1", "method": "dpo", "baseModel": "tiny", "outputModel": "out"}
        """;
    post(body).statusCode(400).body("field", equalTo("datasetId"));
    post(body.replace("}", ", \"expectedExamples\": 0}"))
        .statusCode(400)
        .body("field", equalTo("datasetId"))
        .body("error", startsWith("unknown dataset 'd1'"));
  }

  @Test
  void regularizationDatasetIsForDpoJobsAndMustHoldRowsUnlessExpected() {
    String withReg =
        VALID.replace(
            "\"expectedExamples\": 3",
            "\"expectedExamples\": 3, \"config\": {\"regularizationWeight\": 1.0}, %s");
    post(VALID
            .replace(
                "\"expectedExamples\": 3",
                "\"expectedExamples\": 3, \"regularizationDatasetId\": \"g1\"")
            .replace("\"dpo\"", "\"sft\""))
        .statusCode(400)
        .body("field", equalTo("regularizationDatasetId"))
        .body(
            "error",
            equalTo(
                "regularizationDatasetId is only accepted for dpo jobs (the DPO loss's SFT"
                    + " regulariser): this job's method is sft; leave it out"));
    post(withReg.formatted("\"regularizationDatasetId\": \" \""))
        .statusCode(400)
        .body("field", equalTo("regularizationDatasetId"))
        .body("error", startsWith("regularizationDatasetId is blank"));
    post(withReg.formatted("\"regularizationDatasetId\": \"g-none\""))
        .statusCode(400)
        .body("field", equalTo("regularizationDatasetId"))
        .body(
            "error",
            equalTo(
                "unknown regularization dataset 'g-none': it holds no sft rows; give"
                    + " regularizationExamples to wait for rows still to come"));
    post(withReg.formatted("\"regularizationDatasetId\": \"g1\", \"regularizationExamples\": -1"))
        .statusCode(400)
        .body("field", equalTo("regularizationExamples"));
    post(VALID.replace(
            "\"expectedExamples\": 3", "\"expectedExamples\": 3, \"regularizationExamples\": 5"))
        .statusCode(400)
        .body("field", equalTo("regularizationExamples"))
        .body("error", startsWith("regularizationExamples is 5 without a regularizationDatasetId"));
    // A weight without data, or data without a weight, is refused.
    post(withReg.formatted("\"lora\": null"))
        .statusCode(400)
        .body("field", equalTo("regularizationDatasetId"))
        .body(
            "error",
            startsWith(
                "config.regularizationWeight is 1.0 but the job names no"
                    + " regularizationDatasetId"));
    post(VALID.replace(
            "\"expectedExamples\": 3",
            "\"expectedExamples\": 3, \"regularizationDatasetId\": \"g1\""))
        .statusCode(400)
        .body("field", equalTo("config"))
        .body("error", containsString("config.regularizationWeight is 0"));
  }

  @Test
  void regularizationExamplesDefaultToTheRowsTheDatasetHoldsNow() {
    String general = "general-" + Events.newId();
    for (var row : Fixtures.sftExamples(general, 2)) {
      TopicRecords.produce(kafka, Topics.SFT_EXAMPLES, Events.toJson(row));
    }
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> given().get("/datasets/" + general).statusCode() == 200);
    await()
        .atMost(Fixtures.WAIT)
        .until(() -> given().get("/datasets/" + general).jsonPath().getLong("sftExamples") == 2);
    String body =
        VALID
            .replace("\"d1\"", "\"never-" + Events.newId() + "\"")
            .replace(
                "\"expectedExamples\": 3",
                "\"expectedExamples\": 3, \"config\": {\"regularizationWeight\": 1.0},"
                    + " \"regularizationDatasetId\": \""
                    + general
                    + "\"");
    String id =
        post(body)
            .statusCode(201)
            .body("regularizationDatasetId", equalTo(general))
            .body("regularizationExamples", equalTo(2))
            .body("regularizationRows", equalTo(2))
            .extract()
            .path("id");
    given()
        .get("/jobs/" + id)
        .then()
        .statusCode(200)
        .body("regularizationDatasetId", equalTo(general))
        .body("regularizationExamples", equalTo(2));
    given().post("/jobs/" + id + "/cancel").then().statusCode(200);
  }

  @Test
  void unknownJobIs404AndCancellingAFinishedJobIs409() {
    given().get("/jobs/nope").then().statusCode(404).body("error", equalTo("no job with id nope"));
    given().post("/jobs/nope/cancel").then().statusCode(404);
    given().get("/jobs/nope/events").then().statusCode(404);

    // A waiting job is cancelled at once; cancelling it again is a conflict.
    String id =
        post(VALID.replace("\"d1\"", "\"never-" + Events.newId() + "\""))
            .statusCode(201)
            .body("state", equalTo("QUEUED"))
            .extract()
            .path("id");
    given()
        .post("/jobs/" + id + "/cancel")
        .then()
        .statusCode(200)
        .body("state", equalTo("CANCELLED"));
    given()
        .post("/jobs/" + id + "/cancel")
        .then()
        .statusCode(409)
        .body("error", containsString("has finished (CANCELLED)"));
    // The finished job's event stream is its final state, at once.
    given()
        .get("/jobs/" + id + "/events")
        .then()
        .statusCode(200)
        .body(containsString("\"type\":\"state\""))
        .body(containsString("\"state\":\"CANCELLED\""));
    // Nothing was published for it.
    assertThat(TopicRecords.readAll(kafka, Topics.MODEL_UPDATES, v -> v.contains(id))).isEmpty();
  }

  private static io.restassured.response.ValidatableResponse post(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/jobs").then();
  }
}
