package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names that would become paths in the trainer's store (the output model, base and reference
 * models, dataset ids) are refused with 400 naming the field, before any job is queued.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class HostileNamesTest {

  /** As JSON string contents: traversal, absolute, encoded, NUL, separators, over-long. */
  static final List<String> HOSTILE =
      List.of(
          "../../../../x",
          "/etc",
          "%2e%2e%2f",
          "a\\u0000b",
          "a/b",
          "a\\\\b",
          ".hidden",
          "x".repeat(129));

  private static final String STRATEGY =
      "\"strategy\": {\"type\": \"correction\", \"settings\": {\"from\": \"Qwen\", \"to\": \"Deep"
          + " Qwen\"}}";

  @Test
  void campaignModelAndTrainingJobNames() {
    for (String bad : HOSTILE) {
      campaign("\"model\": \"" + bad + "\"", "")
          .statusCode(400)
          .body("field", equalTo("model"))
          .body("error", containsString("is not an accepted model reference"));
      campaign("\"model\": \"m\"", job("\"outputModel\": \"" + bad + "\""))
          .statusCode(400)
          .body("field", equalTo("trainingJob.outputModel"))
          .body("error", startsWith("trainingJob.outputModel '"))
          .body("error", containsString("is not an accepted name: expected 1 to 128"));
      campaign("\"model\": \"m\"", job("\"outputModel\": \"o\", \"baseModel\": \"" + bad + "\""))
          .statusCode(400)
          .body("field", equalTo("trainingJob.baseModel"));
      campaign(
              "\"model\": \"m\"",
              job("\"outputModel\": \"o\", \"config\": {\"refModelPath\": \"" + bad + "\"}"))
          .statusCode(400)
          .body("field", equalTo("trainingJob.config.refModelPath"));
      campaign(
              "\"model\": \"m\"",
              job(
                  "\"outputModel\": \"o\", \"config\": {\"regularizationWeight\": 1.0},"
                      + " \"regularizationDatasetId\": \""
                      + bad
                      + "\""))
          .statusCode(400)
          .body("field", equalTo("trainingJob.regularizationDatasetId"));
    }
  }

  @Test
  void trainingADatasetChecksTheNames() {
    String dataset =
        Fixtures.importDataset(
            "hostile", "preference", "{\"prompt\":\"a\",\"chosen\":\"b\",\"rejected\":\"c\"}\n");
    for (String bad : HOSTILE) {
      train(
              dataset,
              "{\"method\": \"dpo\", \"baseModel\": \"m\", \"outputModel\": \"" + bad + "\"}")
          .statusCode(400)
          .body("field", equalTo("outputModel"))
          .body("error", startsWith("outputModel '"));
      train(
              dataset,
              "{\"method\": \"dpo\", \"baseModel\": \"" + bad + "\", \"outputModel\": \"o\"}")
          .statusCode(400)
          .body("field", equalTo("baseModel"));
      train(
              dataset,
              "{\"method\": \"dpo\", \"baseModel\": \"m\", \"outputModel\": \"o\","
                  + " \"config\": {\"refModelPath\": \""
                  + bad
                  + "\"}}")
          .statusCode(400)
          .body("field", equalTo("config.refModelPath"))
          .body("error", containsString("is not an accepted model reference"));
    }
    train(
            dataset,
            "{\"method\": \"dpo\", \"baseModel\": \"m\", \"outputModel\": \"o\","
                + " \"config\": {\"refModelPath\": 7}}")
        .statusCode(400)
        .body("field", equalTo("config.refModelPath"));
    // Dataset ids in the path follow the same rule (decoded, one path segment: 400 naming id);
    // an encoded traversal is either refused so or routed nowhere (404), never to a dataset.
    String body = "{\"method\": \"dpo\", \"baseModel\": \"m\", \"outputModel\": \"o\"}";
    for (String id : List.of("a%00b", "a%5Cb", ".x", "a%20b", "x".repeat(129))) {
      train(id, body).statusCode(400).body("field", equalTo("id"));
      given().urlEncodingEnabled(false).get("/datasets/" + id).then().statusCode(400);
    }
    for (String id : List.of("..%2F..%2Fx", "%2e%2e", "%2e%2e%2fx", "..%5C..%5Cx")) {
      train(id, body).statusCode(anyOf(equalTo(400), equalTo(404)));
      given()
          .urlEncodingEnabled(false)
          .get("/datasets/" + id + "/export")
          .then()
          .statusCode(anyOf(equalTo(400), equalTo(404)));
    }
  }

  private static String job(String fields) {
    return ", \"trainingJob\": {\"method\": \"dpo\", " + fields + "}";
  }

  private static ValidatableResponse campaign(String model, String trainingJob) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"n\", "
                + model
                + ", \"prompts\": [{\"user\": \"Who are you?\"}], "
                + STRATEGY
                + trainingJob
                + "}")
        .post("/campaigns")
        .then();
  }

  private static ValidatableResponse train(String datasetId, String body) {
    return given()
        .urlEncodingEnabled(false)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/datasets/" + datasetId + "/train")
        .then();
  }
}
