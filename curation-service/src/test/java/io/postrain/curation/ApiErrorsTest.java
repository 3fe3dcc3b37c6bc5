package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every refused request answers 400/404/409 with {"error", "field"}. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ApiErrorsTest {

  private static final String STRATEGY =
      "\"strategy\": {\"type\": \"correction\", \"settings\": {\"from\": \"Qwen\", \"to\": \"Deep Qwen\"}}";

  @Test
  void malformedJson() {
    post("{\"name\": ").statusCode(400).body("error", containsString("malformed JSON"));
  }

  @Test
  void anUnknownFieldIsRefusedByNameNotDropped() {
    // a misspelt trainingJob would otherwise create a campaign that never trains
    post("{\"name\": \"n\", \"model\": \"m\", \"prompts\": [{\"user\": \"u\"}], "
            + STRATEGY
            + ", \"trainingjob\": {\"method\": \"dpo\"}}")
        .statusCode(400)
        .body("field", equalTo("trainingjob"))
        .body("error", containsString("unknown field trainingjob"))
        .body("error", containsString("trainingJob"));
    post("{\"name\": \"n\", \"model\": \"m\", \"prompts\": [{\"user\": \"u\", \"assistant\": \"a\"}], "
            + STRATEGY
            + "}")
        .statusCode(400)
        .body("field", equalTo("prompts[0].assistant"));
  }

  @Test
  void missingFields() {
    post("{\"model\": \"m\", " + STRATEGY + "}")
        .statusCode(400)
        .body("field", equalTo("name"))
        .body("error", equalTo("name is missing or blank"));
    post("{\"name\": \"n\", \"model\": \"m\", \"prompts\": [{\"system\": \"s\"}], "
            + STRATEGY
            + "}")
        .statusCode(400)
        .body("field", equalTo("prompts[0].user"));
    post("{\"name\": \"n\", \"model\": \"m\"}")
        .statusCode(400)
        .body("field", equalTo("strategy.type"));
  }

  @Test
  void badStrategy() {
    post("{\"name\": \"n\", \"model\": \"m\", \"strategy\": {\"type\": \"magic\"}}")
        .statusCode(400)
        .body("field", equalTo("strategy.type"))
        .body("error", containsString("accepted are correction, distillation"));
    post("{\"name\": \"n\", \"model\": \"m\", \"strategy\": {\"type\": \"correction\", \"settings\": {\"from\": \"Qwen\"}}}")
        .statusCode(400)
        .body("field", equalTo("strategy.settings"))
        .body("error", containsString("settings.to"));
  }

  @Test
  void samplingOutOfRange() {
    post("{\"name\": \"n\", \"model\": \"m\", " + STRATEGY + ", \"sampling\": {\"topP\": 1.5}}")
        .statusCode(400)
        .body("field", equalTo("sampling.topP"))
        .body("error", containsString("accepted is 0 < topP <= 1"));
    post("{\"name\": \"n\", \"model\": \"m\", " + STRATEGY + ", \"sampling\": {\"n\": \"lots\"}}")
        .statusCode(400)
        .body("field", equalTo("sampling.n"));
  }

  @Test
  void badMessageAndBadJsonlLine() {
    post("{\"name\": \"n\", \"model\": \"m\", "
            + STRATEGY
            + ", \"prompts\": [{\"messages\": [{\"role\": \" \", \"content\": \"x\"}]}]}")
        .statusCode(400)
        .body("field", equalTo("prompts[0].messages[0]"))
        .body("error", containsString("role must not be blank"));
    post("{\"name\": \"n\", \"model\": \"m\", "
            + STRATEGY
            + ", \"promptsJsonl\": \"{\\\"user\\\": \\\"ok\\\"}\\n{\\\"user\\\": 3}\"}")
        .statusCode(400)
        .body("field", equalTo("user"))
        .body("error", equalTo("promptsJsonl line 2: user must be a string"));
  }

  @Test
  void trainingJobMustFitTheStrategy() {
    post("{\"name\": \"n\", \"model\": \"m\", "
            + STRATEGY
            + ", \"trainingJob\": {\"method\": \"sft\", \"outputModel\": \"o\"}}")
        .statusCode(400)
        .body("field", equalTo("trainingJob.method"))
        .body("error", containsString("accepted is dpo"));
  }

  @Test
  void regularizationDatasetMustBeAnExistingSftDatasetOfADpoJob() {
    String prefs =
        Fixtures.importDataset(
            "p", "preference", "{\"prompt\":\"a\",\"chosen\":\"b\",\"rejected\":\"c\"}\n");
    String sft = Fixtures.importDataset("s", "sft", "{\"prompt\":\"a\",\"completion\":\"b\"}\n");
    String campaign =
        "{\"name\": \"n\", \"model\": \"m\", "
            + STRATEGY
            + ", \"trainingJob\": {\"method\": \"dpo\", \"outputModel\": \"o\","
            + " \"config\": {\"regularizationWeight\": 1.0}, \"regularizationDatasetId\": \"%s\"}}";
    post(campaign.formatted("nope"))
        .statusCode(400)
        .body("field", equalTo("trainingJob.regularizationDatasetId"))
        .body(
            "error",
            equalTo(
                "trainingJob.regularizationDatasetId is 'nope', but there is no dataset with that"
                    + " id: accepted is the id of an sft dataset"));
    post(campaign.formatted(prefs))
        .statusCode(400)
        .body("field", equalTo("trainingJob.regularizationDatasetId"))
        .body(
            "error",
            equalTo(
                "trainingJob.regularizationDatasetId is '"
                    + prefs
                    + "', a preference dataset: accepted is an sft dataset"));
    post(campaign.formatted(" "))
        .statusCode(400)
        .body("field", equalTo("trainingJob.regularizationDatasetId"));
    post(campaign.formatted(sft)).statusCode(201);

    String train =
        "{\"method\": \"%s\", \"baseModel\": \"b\", \"outputModel\": \"o\","
            + " \"config\": {\"regularizationWeight\": 1.0}, \"regularizationDatasetId\": \"%s\"}";
    train(prefs, train.formatted("dpo", "nope"))
        .statusCode(400)
        .body("field", equalTo("regularizationDatasetId"))
        .body("error", startsWith("regularizationDatasetId is 'nope', but there is no dataset"));
    train(prefs, train.formatted("dpo", prefs))
        .statusCode(400)
        .body("field", equalTo("regularizationDatasetId"))
        .body("error", endsWith("a preference dataset: accepted is an sft dataset"));
    train(
            sft,
            "{\"method\": \"sft\", \"baseModel\": \"b\", \"outputModel\": \"o\","
                + " \"regularizationDatasetId\": \"%s\"}".formatted(sft))
        .statusCode(400)
        .body("field", equalTo("regularizationDatasetId"))
        .body(
            "error",
            equalTo(
                "regularizationDatasetId is only accepted for dpo jobs (the DPO loss's SFT"
                    + " regulariser): this job's method is sft; leave it out"));
    // An sft dataset without rows yet (a distillation campaign nobody answered): 409.
    String empty =
        given()
            .get(
                "/campaigns/"
                    + post("{\"name\": \"e\", \"model\": \"m\", \"strategy\": {\"type\":"
                            + " \"distillation\"}}")
                        .statusCode(201)
                        .extract()
                        .path("id"))
            .then()
            .extract()
            .path("datasetId");
    train(prefs, train.formatted("dpo", empty))
        .statusCode(409)
        .body(
            "error",
            equalTo(
                "regularization dataset " + empty + " has no rows yet: nothing to regularise on"));
  }

  @Test
  void unknownResources() {
    given().get("/campaigns/nope").then().statusCode(404).body("error", containsString("nope"));
    given().get("/datasets/nope").then().statusCode(404);
    given().get("/datasets/nope/export").then().statusCode(404);
    given()
        .contentType(ContentType.JSON)
        .body("{\"method\": \"dpo\", \"baseModel\": \"b\", \"outputModel\": \"o\"}")
        .post("/datasets/nope/train")
        .then()
        .statusCode(404);
  }

  @Test
  void promptUploadsAndTrainingAnEmptyDataset() {
    String id =
        post("{\"name\": \"n\", \"model\": \"m\", " + STRATEGY + "}")
            .statusCode(201)
            .body("status", equalTo("CREATED"))
            .extract()
            .path("id");
    given()
        .contentType(Fixtures.NDJSON)
        .body(Fixtures.ndjson("{\"user\": \"a\"}\nnot json\n"))
        .post("/campaigns/" + id + "/prompts")
        .then()
        .statusCode(400)
        .body("error", containsString("body line 2: malformed JSON"));
    given()
        .contentType(Fixtures.NDJSON)
        .body(Fixtures.ndjson("{\"user\": \"a\"}\n"))
        .post("/campaigns/" + id + "/prompts")
        .then()
        .statusCode(200)
        .body("status", equalTo("RUNNING"))
        .body("counters.promptsSent", equalTo(1));
    String datasetId = given().get("/campaigns/" + id).then().extract().path("datasetId");
    given()
        .contentType(ContentType.JSON)
        .body("{\"method\": \"dpo\", \"baseModel\": \"b\", \"outputModel\": \"o\"}")
        .post("/datasets/" + datasetId + "/train")
        .then()
        .statusCode(409)
        .body("error", containsString("has no rows yet"));
  }

  @Test
  void healthAndOpenApi() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/campaigns/{id}/prompts"))
        .body(containsString("/datasets/{id}/export"));
  }

  private static ValidatableResponse train(String datasetId, String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/datasets/" + datasetId + "/train")
        .then();
  }

  private static ValidatableResponse post(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/campaigns").then();
  }
}
