package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.InvalidEventException;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.train.JobSettings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * A job curation accepts is a job the trainer can run: a campaign's {@code trainingJob} and {@code
 * POST /datasets/{id}/train} read method, config and LoRA settings with the trainer's own parser
 * ({@link JobSettings}) and answer 400 with its message, naming the field.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TrainingJobChecksTest {

  private static final String STRATEGY =
      "\"strategy\": {\"type\": \"correction\", \"settings\": {\"from\": \"Qwen\", \"to\": \"Deep"
          + " Qwen\"}}";

  @Test
  void negativeLearningRate() {
    refusedBothWays(
        "{\"training\": {\"learningRate\": -3}}",
        null,
        "config",
        "invalid dpo config: learningRate must be > 0 (got -3.0)");
  }

  @Test
  void epochsThatAreNotANumber() {
    String message =
        refusedBothWays("{\"training\": {\"numTrainEpochs\": \"many\"}}", null, "config", null);
    assertThat(message)
        .startsWith("invalid dpo config: training.numTrainEpochs has the wrong type: ")
        .contains("\"many\"");
  }

  @Test
  void negativeLoraRank() {
    refusedBothWays("{}", "{\"r\": -1}", "lora", "invalid lora config: r must be >= 1 (got -1)");
  }

  @Test
  void unknownConfigField() {
    String message =
        refusedBothWays("{\"training\": {\"learningRat\": 1e-6}}", null, "config", null);
    assertThat(message)
        .startsWith("invalid dpo config: unknown field training.learningRat: accepted are ")
        .contains(", learningRate, ");
  }

  @Test
  void unknownMethod() {
    JsonNode body =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"name\": \"n\", \"model\": \"m\", "
                    + STRATEGY
                    + ", \"trainingJob\": {\"method\": \"ppo\", \"outputModel\": \"o\"}}")
            .post("/campaigns")
            .then()
            .statusCode(400)
            .extract()
            .as(JsonNode.class);
    assertThat(body.get("field").asText()).isEqualTo("trainingJob.method");
    assertThat(body.get("error").asText())
        .isEqualTo("unknown method 'ppo': accepted are sft and dpo");
  }

  @Test
  void aValidConfigIsAccepted() {
    given()
        .contentType(ContentType.JSON)
        .body(campaign("{\"beta\": 0.2, \"training\": {\"learningRate\": 1e-5}}", "{\"r\": 4}"))
        .post("/campaigns")
        .then()
        .statusCode(201);
  }

  /**
   * Posts the settings as a campaign's training job and as a training request on a preference
   * dataset; both answer 400 with the field (under {@code trainingJob.} for the campaign) and the
   * message the trainer's parser gives for the same settings; returns that message.
   */
  private static String refusedBothWays(
      String config, String lora, String field, String expectedMessage) {
    String trainer = trainerMessage(config, lora);
    if (expectedMessage != null) {
      assertThat(trainer).isEqualTo(expectedMessage);
    }
    JsonNode viaCampaign =
        given()
            .contentType(ContentType.JSON)
            .body(campaign(config, lora))
            .post("/campaigns")
            .then()
            .statusCode(400)
            .extract()
            .as(JsonNode.class);
    assertThat(viaCampaign.get("field").asText()).isEqualTo("trainingJob." + field);
    assertThat(viaCampaign.get("error").asText()).isEqualTo(trainer);

    String prefs =
        Fixtures.importDataset(
            "p", "preference", "{\"prompt\":\"a\",\"chosen\":\"b\",\"rejected\":\"c\"}\n");
    JsonNode viaTrain =
        given()
            .contentType(ContentType.JSON)
            .body(job(config, lora))
            .post("/datasets/" + prefs + "/train")
            .then()
            .statusCode(400)
            .extract()
            .as(JsonNode.class);
    assertThat(viaTrain.get("field").asText()).isEqualTo(field);
    assertThat(viaTrain.get("error").asText()).isEqualTo(trainer);
    return trainer;
  }

  /** What the trainer says of these settings: the same parser, called as the trainer calls it. */
  private static String trainerMessage(String config, String lora) {
    try {
      JobSettings.parse("dpo", config, lora);
    } catch (InvalidEventException e) {
      return e.getMessage();
    }
    throw new AssertionError("the trainer's parser accepts " + config + " / " + lora);
  }

  private static String campaign(String config, String lora) {
    return "{\"name\": \"n\", \"model\": \"m\", "
        + STRATEGY
        + ", \"trainingJob\": "
        + job(config, lora)
        + "}";
  }

  private static String job(String config, String lora) {
    return "{\"method\": \"dpo\", \"baseModel\": \"b\", \"outputModel\": \"o\", \"config\": "
        + config
        + (lora == null ? "" : ", \"lora\": " + lora)
        + "}";
  }
}
