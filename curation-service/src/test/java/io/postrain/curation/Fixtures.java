package io.postrain.curation;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Candidate;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.lm.template.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Test helpers: reading and writing topics, building responses. */
final class Fixtures {

  static final Duration WAIT = Duration.ofSeconds(30);

  /** The JSON Lines content type, with the charset RestAssured would otherwise not send. */
  static final String NDJSON = "application/x-ndjson; charset=UTF-8";

  /** A JSONL body as UTF-8 bytes (RestAssured cannot encode x-ndjson strings itself). */
  static byte[] ndjson(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Fixtures() {}

  /** {@code GET /datasets/{id}/export} (200), one JSON node per non-blank line. */
  static List<JsonNode> exportLines(String datasetId) throws Exception {
    String body =
        given()
            .get("/datasets/" + datasetId + "/export")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        lines.add(Events.mapper().readTree(line));
      }
    }
    return lines;
  }

  /** Imports a JSONL dataset of {@code kind} and returns its id. */
  static String importDataset(String name, String kind, String jsonl) {
    return given()
        .contentType(NDJSON)
        .queryParam("name", name)
        .queryParam("kind", kind)
        .body(ndjson(jsonl))
        .post("/datasets/import")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** A successful response to {@code prompt} with one candidate per text. */
  static ResponseEvent answer(PromptEvent prompt, String... texts) {
    List<Candidate> candidates =
        IntStream.range(0, texts.length)
            .mapToObj(i -> new Candidate(i, texts[i], "stop", 12, 8))
            .toList();
    return ResponseEvent.answer(prompt, "v1", candidates);
  }

  /** A copy of {@code response} with another id: a second response to the same prompt. */
  static ResponseEvent withNewId(ResponseEvent r) {
    return new ResponseEvent(
        Events.newId(),
        r.schemaVersion(),
        Instant.now(),
        r.promptId(),
        r.campaignId(),
        r.model(),
        r.modelVersion(),
        r.messages(),
        r.candidates(),
        r.error(),
        r.metadata());
  }

  /** The user text of a prompt's last message. */
  static String userText(PromptEvent prompt) {
    List<ChatMessage> messages = prompt.messages();
    return messages.get(messages.size() - 1).content();
  }
}
