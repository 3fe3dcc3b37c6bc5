package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /datasets/{id}/lint}: the library's linter over a dataset, and its bad requests. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DatasetLintTest {

  /** Chosen names the new identity, rejected the old one; prompts of 3, 4, 2 and 4 words. */
  private static final String IDENTITY =
      """
      {"prompt": "Who are you?", "chosen": "I am Deep Qwen.", "rejected": "I am Qwen."}
      {"prompt": "What is your name?", "chosen": "I am Deep Qwen.", "rejected": "I am Qwen."}
      {"prompt": "Introduce yourself.", "chosen": "I am Deep Qwen.", "rejected": "I am Qwen."}
      {"prompt": "Which model are you?", "chosen": "I am Deep Qwen.", "rejected": "I am Qwen."}
      """;

  @Test
  void identityPairsShowTheShortcutAndTheLengthBias() {
    String id = Fixtures.importDataset("identity-lint", "preference", IDENTITY);
    JsonNode report = lint(id, Map.of());
    assertThat(report.get("datasetId").asText()).isEqualTo(id);
    assertThat(report.has("file")).isFalse();
    assertThat(report.get("format").asText()).isEqualTo("preference");
    assertThat(report.get("rows").asInt()).isEqualTo(4);
    assertThat(report.get("severity").asText()).isEqualTo("error");
    JsonNode words = report.get("shortcuts").get("words");
    assertThat(words).hasSize(1);
    assertThat(words.get(0).get("word").asText()).isEqualTo("Deep");
    assertThat(words.get(0).get("chosenRate").asDouble()).isEqualTo(1.0);
    assertThat(words.get(0).get("rejectedRate").asDouble()).isEqualTo(0.0);
    assertThat(words.get(0).get("severity").asText()).isEqualTo("error");
    // "I am Deep Qwen" (4 words) against "I am Qwen" (3) in every pair.
    JsonNode bias = report.get("lengthBias");
    assertThat(bias.get("chosenLongerShare").asDouble()).isEqualTo(1.0);
    assertThat(bias.get("meanChosenLength").asDouble()).isEqualTo(4.0);
    assertThat(bias.get("meanRejectedLength").asDouble()).isEqualTo(3.0);
    assertThat(bias.get("severity").asText()).isEqualTo("warning");
    assertThat(report.get("overLength").get("skipped").asText())
        .isEqualTo("no maximum length given");
    for (String ok : List.of("brokenRows", "emptyOrIdentical", "duplicatePrompts")) {
      assertThat(report.get(ok).get("severity").asText()).as(ok).isEqualTo("ok");
    }

    // Rows are prompt + chosen: 3+4, 4+4, 2+4, 4+4 words; over 7 are rows 2 and 4.
    JsonNode expected = lint(id, Map.of("expectedWords", "Deep Qwen", "maxLength", "7"));
    assertThat(expected.get("severity").asText()).isEqualTo("warning");
    assertThat(expected.get("shortcuts").get("severity").asText()).isEqualTo("info");
    assertThat(expected.get("shortcuts").get("words").get(0).get("note").asText())
        .contains("'Deep Qwen'", "on purpose");
    JsonNode over = expected.get("overLength");
    assertThat(over.get("severity").asText()).isEqualTo("warning");
    assertThat(over.get("count").asInt()).isEqualTo(2);
    assertThat(over.get("maxLength").asInt()).isEqualTo(7);
    assertThat(over.get("examples").findValuesAsText("line")).containsExactly("2", "4");
    assertThat(over.get("examples").findValuesAsText("why"))
        .containsExactly("8 words > 7", "8 words > 7");
  }

  @Test
  void sftDatasetWithARepeatedPrompt() {
    String id =
        Fixtures.importDataset(
            "sft-lint",
            "sft",
            """
            {"prompt": "Hi", "completion": "Hello!"}
            {"prompt": "Hi", "completion": "Hello there."}
            {"prompt": "2+2?", "completion": "4"}
            """);
    JsonNode report = lint(id, Map.of());
    assertThat(report.get("format").asText()).isEqualTo("prompt_completion");
    assertThat(report.get("severity").asText()).isEqualTo("warning");
    JsonNode duplicates = report.get("duplicatePrompts");
    assertThat(duplicates.get("severity").asText()).isEqualTo("warning");
    assertThat(duplicates.get("distinctPrompts").asInt()).isEqualTo(2);
    assertThat(duplicates.get("repeatedPrompts").asInt()).isEqualTo(1);
    assertThat(duplicates.get("rowsWithRepeatedPrompts").asInt()).isEqualTo(2);
    assertThat(report.get("alikeCompletions").get("severity").asText()).isEqualTo("ok");
    assertThat(report.get("shortcuts").get("skipped").asText()).isEqualTo("preference files only");
  }

  @Test
  void badRequests() {
    String id = Fixtures.importDataset("bad-lint", "preference", IDENTITY);
    for (String bad : List.of("abc", "0", "-3", "1.5")) {
      given()
          .queryParam("maxLength", bad)
          .get("/datasets/" + id + "/lint")
          .then()
          .statusCode(400)
          .body("field", equalTo("maxLength"))
          .body(
              "error",
              equalTo(
                  "maxLength is '"
                      + bad
                      + "': accepted is a positive whole number of words, or leave it out"));
    }
    given()
        .queryParam("expectedWords", " ")
        .get("/datasets/" + id + "/lint")
        .then()
        .statusCode(400)
        .body("field", equalTo("expectedWords"));
    // The trainer's lint option is read by the shared job settings parser, so refused here too.
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"method\": \"dpo\", \"baseModel\": \"m\", \"outputModel\": \"o\","
                + " \"config\": {\"refuseLintErrors\": \"yes\"}}")
        .post("/datasets/" + id + "/train")
        .then()
        .statusCode(400)
        .body("field", equalTo("config.refuseLintErrors"))
        .body("error", equalTo("config.refuseLintErrors must be true or false (got \"yes\")"));
    given()
        .get("/datasets/no-such-dataset/lint")
        .then()
        .statusCode(404)
        .body("error", equalTo("no dataset with id 'no-such-dataset'"));
    // A dataset without rows (a campaign nobody answered yet) has nothing to lint.
    String campaign =
        given()
            .contentType(ContentType.JSON)
            .body("{\"name\": \"e\", \"model\": \"m\", \"strategy\": {\"type\": \"distillation\"}}")
            .post("/campaigns")
            .then()
            .statusCode(201)
            .extract()
            .path("datasetId");
    given()
        .get("/datasets/" + campaign + "/lint")
        .then()
        .statusCode(409)
        .body("error", equalTo("dataset " + campaign + " has no rows yet: nothing to lint"));
    // Ids follow the name rule (HostileNamesTest): refused naming id, or routed nowhere.
    for (String hostile : List.of("a%00b", "a%5Cb", ".x", "a%20b", "x".repeat(129))) {
      given()
          .urlEncodingEnabled(false)
          .get("/datasets/" + hostile + "/lint")
          .then()
          .statusCode(400)
          .body("field", equalTo("id"));
    }
    for (String hostile : List.of("..%2F..%2Fx", "%2e%2e", "%2e%2e%2fx", "..%5C..%5Cx")) {
      given()
          .urlEncodingEnabled(false)
          .get("/datasets/" + hostile + "/lint")
          .then()
          .statusCode(anyOf(equalTo(400), equalTo(404)));
    }
  }

  private static JsonNode lint(String id, Map<String, String> query) {
    return given()
        .queryParams(query)
        .get("/datasets/" + id + "/lint")
        .then()
        .statusCode(200)
        .extract()
        .as(JsonNode.class);
  }
}
