package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /datasets/{id}/filter}: a new dataset holding exactly the rows that pass. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DatasetFilterTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  private static final String LONG =
      "Rivers carry sediment from the mountains to the sea, and over thousands of years the"
          + " deposits build deltas where the current slows, farmland grows rich, and towns"
          + " settle along the shifting channels that the water keeps cutting anew each flood.";

  private static String sft(String prompt, String completion) {
    return Events.mapper()
        .createObjectNode()
        .put("prompt", prompt)
        .put("completion", completion)
        .toString();
  }

  private static final List<String> ROWS =
      List.of(
          sft("What is the capital of France?", "The capital of France is Paris."), // 1 kept
          sft("Hi", "Hello"), // 2 too short for minLength 3
          sft("What is the capital of FRANCE?", "The capital of  France is Paris."), // 3 exact
          sft("Explain deltas.", LONG), // 4 kept
          sft("Explain deltas.", LONG.replace("each flood", "every flood")), // 5 near dup of 4
          sft("Who are you?", "As an AI language model, I have no name."), // 6 refusal
          sft("Sell it.", "Buy now!\nBuy now!\nBuy now!"), // 7 repeated lines
          sft("你好吗？", "我很好，谢谢你的关心。")); // 8 kept

  private String importSft() {
    return given()
        .contentType(Fixtures.NDJSON)
        .queryParam("name", "open-set")
        .queryParam("kind", "sft")
        .body(Fixtures.ndjson(String.join("\n", ROWS) + "\n"))
        .post("/datasets/import")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void filteringKeepsExactlyThePassingRowsInANewDataset() throws Exception {
    String source = importSft();
    List<JsonNode> sourceRows = Fixtures.exportLines(source);
    JsonNode answer =
        given()
            .contentType(ContentType.JSON)
            .body("{\"name\": \"open-set-clean\", \"minLength\": 3, \"seed\": 1}")
            .post("/datasets/" + source + "/filter")
            .then()
            .statusCode(201)
            .body("dataset.name", equalTo("open-set-clean"))
            .body("dataset.kind", equalTo("sft"))
            .body("dataset.origin", equalTo("FILTER"))
            .body("dataset.size", equalTo(3))
            .extract()
            .as(JsonNode.class);
    String filtered = answer.get("dataset").get("id").asText();
    assertThat(filtered).isNotEqualTo(source);
    assertThat(Fixtures.exportLines(filtered))
        .containsExactly(sourceRows.get(0), sourceRows.get(3), sourceRows.get(7));

    JsonNode report = answer.get("report");
    assertThat(report.get("rows").asInt()).isEqualTo(8);
    assertThat(report.get("kept").asInt()).isEqualTo(3);
    assertThat(report.get("seed").asLong()).isEqualTo(1);
    JsonNode filters = report.get("filters");
    assertThat(line(filters, "length")).isEqualTo(2);
    assertThat(line(filters, "exactDuplicates")).isEqualTo(3);
    assertThat(line(filters, "nearDuplicates")).isEqualTo(5);
    assertThat(line(filters, "refusals")).isEqualTo(6);
    assertThat(line(filters, "repetition")).isEqualTo(7);
    assertThat(filters.get("nearDuplicates").get("examples").get(0).get("why").asText())
        .endsWith("with line 4");

    // The source is untouched.
    given().get("/datasets/" + source).then().statusCode(200).body("size", equalTo(8));

    // The filtered rows are new: training publishes them, as for an import.
    given()
        .contentType(ContentType.JSON)
        .body("{\"method\": \"sft\", \"baseModel\": \"qwen\", \"outputModel\": \"clean-qwen\"}")
        .post("/datasets/" + filtered + "/train")
        .then()
        .statusCode(202)
        .body("republishedRows", equalTo(3));
    List<SftExampleEvent> examples =
        TopicRecords.awaitRecords(kafka, Topics.SFT_EXAMPLES, v -> v.contains(filtered), 3).stream()
            .map(rec -> Events.parse(rec.value(), SftExampleEvent.class))
            .toList();
    assertThat(examples)
        .extracting(e -> e.completion().get(0).content())
        .containsExactly("The capital of France is Paris.", LONG, "我很好，谢谢你的关心。");
  }

  @Test
  void aTargetSizeKeepsThatManyRows() {
    String source = importSft();
    given()
        .contentType(ContentType.JSON)
        .body("{\"targetSize\": 2}")
        .post("/datasets/" + source + "/filter")
        .then()
        .statusCode(201)
        .body("dataset.name", equalTo("open-set (filtered)"))
        .body("dataset.size", equalTo(2))
        .body("report.filters.diversity.removed", equalTo(2));
  }

  @Test
  void badSettingsAnswer400NamingTheField() {
    String source = importSft();
    given()
        .contentType(ContentType.JSON)
        .body("{\"maxRepeatedLineFraction\": 1.5}")
        .post("/datasets/" + source + "/filter")
        .then()
        .statusCode(400)
        .body("field", equalTo("maxRepeatedLineFraction"))
        .body("error", containsString("[0, 1]"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"minLength\": 10, \"maxLength\": 5}")
        .post("/datasets/" + source + "/filter")
        .then()
        .statusCode(400)
        .body("field", equalTo("maxLength"));
    // The source id follows the shared name rule (io.postrain.events.Names): 400 naming id; an
    // encoded traversal is refused so or routed nowhere (404).
    for (String id : List.of("a:b", "a%00b", "a%5Cb", ".x", "a%20b", "x".repeat(129))) {
      given()
          .urlEncodingEnabled(false)
          .contentType(ContentType.JSON)
          .body("{}")
          .post("/datasets/" + id + "/filter")
          .then()
          .statusCode(400)
          .body("field", equalTo("id"));
    }
    for (String id : List.of("..%2F..%2Fx", "%2e%2e", "..%5C..%5Cx")) {
      given()
          .urlEncodingEnabled(false)
          .contentType(ContentType.JSON)
          .body("{}")
          .post("/datasets/" + id + "/filter")
          .then()
          .statusCode(anyOf(equalTo(400), equalTo(404)));
    }
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/datasets/no-such-dataset/filter")
        .then()
        .statusCode(404);
  }

  private static int line(JsonNode filters, String name) {
    assertThat(filters.get(name).get("removed").asInt()).as(name).isEqualTo(1);
    return filters.get(name).get("examples").get(0).get("line").asInt();
  }
}
