package io.postrain.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refused request answers with JSON naming the field; plus models, health and OpenAPI. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class ApiErrorsTest {

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  static void refused(String path, String body, String field, String... words) {
    Fixtures.post(path, body)
        .statusCode(400)
        .body("field", equalTo(field))
        .body(
            "error",
            allOf(
                java.util.Arrays.stream(words)
                    .map(w -> containsString(w))
                    .toList()
                    .toArray(new org.hamcrest.Matcher[0])));
  }

  /** A refusal of an OpenAI endpoint: OpenAI's error shape, the field as param. */
  static void refusedOpenAi(String body, String param, String... words) {
    Fixtures.post("/v1/chat/completions", body)
        .statusCode(400)
        .body("error.type", equalTo("invalid_request_error"))
        .body("error.param", equalTo(param))
        .body(
            "error.message",
            allOf(
                java.util.Arrays.stream(words)
                    .map(w -> containsString(w))
                    .toList()
                    .toArray(new org.hamcrest.Matcher[0])));
  }

  @Test
  void malformedJsonAndMissingFields() {
    Fixtures.post("/v1/generate", "{\"model\": \"tiny\", ")
        .statusCode(400)
        .body("error", containsString("malformed JSON"));
    refused("/v1/generate", "{\"user\": \"Hi\"}", "model", "model is missing");
    refused("/v1/generate", "{\"model\": \"tiny\"}", "messages", "messages is missing");
    refused("/v1/generate", "{\"model\": \"tiny\", \"messages\": []}", "messages", "empty");
    refused(
        "/v1/generate",
        "{\"model\": \"tiny\", \"messages\": [{\"content\": \"x\"}]}",
        "messages[0].role",
        "role is missing");
    refusedOpenAi("{\"model\": \"tiny\"}", "messages", "messages is missing");
    Fixtures.post("/v1/generate", "{\"model\": \"tiny\", \"user\": \"Hi\", \"n\": \"two\"}")
        .statusCode(400)
        .body("field", equalTo("n"));
  }

  @Test
  void outOfRangeSampling() {
    String base = "{\"model\": \"tiny\", \"user\": \"Hi\", ";
    refused("/v1/generate", base + "\"temperature\": -1}", "temperature", "-1", "accepted");
    refused("/v1/generate", base + "\"top_p\": 0}", "top_p", "0 < top_p <= 1");
    refused("/v1/generate", base + "\"top_k\": -2}", "top_k", "-2");
    refused("/v1/generate", base + "\"n\": 0}", "n", "1 to 16");
    refused("/v1/generate", base + "\"max_new_tokens\": 0}", "max_new_tokens", ">= 1");
    // read strictly, like /v1/chat/completions: no truncation of 3.7, no unknown field dropped
    refused("/v1/generate", base + "\"max_new_tokens\": 3.7}", "max_new_tokens", "wrong type");
    refused("/v1/generate", base + "\"max_new_tokens\": \"4\"}", "max_new_tokens", "wrong type");
    refused(
        "/v1/generate",
        base + "\"max_tokens\": 4}",
        "max_tokens",
        "unknown field",
        "max_new_tokens");
    refusedOpenAi(
        "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"max_tokens\": 0}",
        "max_tokens",
        ">= 1");
    refusedOpenAi(
        "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"max_completion_tokens\": -3}",
        "max_completion_tokens",
        "-3");
  }

  @Test
  void unknownModelsAndVersionsNameWhatExists() {
    refused(
        "/v1/generate",
        "{\"model\": \"gpt-9\", \"user\": \"Hi\"}",
        "model",
        "unknown model 'gpt-9'",
        "tiny",
        "mini");
    refused(
        "/v1/generate",
        "{\"model\": \"tiny:v7\", \"user\": \"Hi\"}",
        "model",
        "no loaded version 'v7'",
        "base");
    given()
        .get("/v1/models/gpt-9")
        .then()
        .statusCode(404)
        .body("error.message", containsString("gpt-9"))
        .body("error.code", equalTo("model_not_found"));
  }

  @Test
  void aPromptBeyondTheContextSaysBothNumbers() {
    String longText = "word ".repeat(120); // 600 byte-level tokens > context 512
    refused(
        "/v1/generate",
        "{\"model\": \"tiny\", \"user\": \"" + longText + "\", \"max_new_tokens\": 4}",
        "messages",
        "max new tokens is 4",
        "context of 512 tokens");
  }

  @Test
  void modelsHealthMetricsAndOpenApi() {
    given()
        .get("/v1/models")
        .then()
        .statusCode(200)
        .body("object", equalTo("list"))
        .body("data.id", hasItems("tiny:base", "tiny:latest"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/chat/completions"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("postrain_inference_queue_depth"));
  }
}
