package io.postrain.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.Topics;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobState;
import io.postrain.trainer.service.JobWorker;
import io.postrain.trainer.service.ModelStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A running job streams its progress, stops when cancelled (CANCELLED, nothing published), and a
 * job left RUNNING by a stopped service resumes from its newest checkpoint.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
class CancelAndResumeTest {

  private static final int MAX_STEPS = 12;

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject JobWorker worker;

  @Inject ModelStore store;

  @TestHTTPResource("/jobs")
  URL jobs;

  @Test
  void cancelStopsTheTrainerAndARestartResumesFromTheCheckpoint() throws Exception {
    String dataset = "cancel-" + Events.newId();
    for (PreferencePairEvent pair : Fixtures.pairs(dataset, 4)) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));
    }
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"datasetId": "%s", "method": "dpo", "baseModel": "slow", "outputModel": "resumed",
                 "expectedExamples": 4,
                 "config": {"training": {"perDeviceTrainBatchSize": 1, "maxSteps": %d,
                   "loggingSteps": 1, "saveSteps": 1, "learningRate": 1e-4}}}
                """
                    .formatted(dataset, MAX_STEPS))
            .post("/jobs")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    CompletableFuture<List<JsonNode>> stream = events(id);

    await().atMost(Fixtures.WAIT).until(() -> Fixtures.getJob(id).path("step").asInt() >= 2);
    JsonNode running = Fixtures.getJob(id);
    assertThat(running.get("totalSteps").asInt()).isEqualTo(MAX_STEPS);
    assertThat(running.get("etaSeconds").asLong()).isGreaterThanOrEqualTo(0);
    given().post("/jobs/" + id + "/cancel").then().statusCode(200);
    JsonNode cancelled = Fixtures.awaitState(id, "CANCELLED");
    assertThat(cancelled.get("error").asText()).isEqualTo("cancelled on request while training");
    assertThat(cancelled.has("etaSeconds")).isFalse();
    int stoppedAt = cancelled.get("step").asInt();
    assertThat(stoppedAt).isBetween(2, MAX_STEPS - 1);

    // The stream: one progress event per logged step, 1, 2, ..., then the final state.
    List<JsonNode> events = stream.get(60, TimeUnit.SECONDS);
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("type").asText()).isEqualTo("state");
    assertThat(last.get("state").asText()).isEqualTo("CANCELLED");
    List<JsonNode> progress = events.subList(0, events.size() - 1);
    assertThat(progress).isNotEmpty();
    for (int i = 0; i < progress.size(); i++) {
      assertThat(progress.get(i).get("type").asText()).isEqualTo("progress");
      assertThat(progress.get(i).get("step").asInt()).isEqualTo(i + 1);
      assertThat(progress.get(i).get("totalSteps").asInt()).isEqualTo(MAX_STEPS);
      assertThat(progress.get(i).get("metrics").has("loss")).isTrue();
    }
    assertThat(TopicRecords.readAll(kafka, Topics.MODEL_UPDATES, v -> v.contains(id))).isEmpty();

    // Simulate a service that died while training: the job is left RUNNING with its checkpoints.
    int newest = newestCheckpoint(id);
    // The step in flight when the cancel arrived may have finished and saved its checkpoint
    // before the trainer polled the cancel flag, so the newest checkpoint can be past stoppedAt.
    assertThat(newest).isBetween(2, MAX_STEPS - 1);
    // A crash between a step's log and its checkpoint (what saveSteps > loggingSteps gives every
    // time): without the newest checkpoint, the resumed run trains and logs again a step the
    // history holds already.
    store.deleteTree(workDir(id).resolve("checkpoint-" + newest));
    int checkpoint = newestCheckpoint(id);
    int lastLogged =
        cancelled.get("history").get(cancelled.get("history").size() - 1).get("step").asInt();
    assertThat(checkpoint).isLessThan(lastLogged);
    Instant resumedAt = Instant.now();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                JobEntity.update(
                    "state = ?1, finishedAt = null, error = null where id = ?2",
                    JobState.RUNNING,
                    id));
    assertThat(worker.recover()).isEqualTo(1);

    JsonNode done = Fixtures.awaitState(id, "SUCCEEDED");
    List<JsonNode> history = Stream.of(done.get("history")).flatMap(h -> stream(h)).toList();
    // One entry per step, 1 to MAX_STEPS, although the cancelled run had logged steps past the
    // checkpoint that the resumed run trained (and logged) again.
    assertThat(history)
        .extracting(h -> h.get("step").asInt())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, MAX_STEPS).boxed().toList());
    // The steps up to the checkpoint are the first run's; the resumed run continued after it
    // rather than starting again at step 1, and its entries replaced the first run's.
    for (JsonNode h : history) {
      Instant loggedAt = Instant.parse(h.get("loggedAt").asText());
      if (h.get("step").asInt() <= checkpoint) {
        assertThat(loggedAt).as("step %s", h.get("step")).isBefore(resumedAt);
      } else {
        assertThat(loggedAt).as("step %s", h.get("step")).isAfter(resumedAt);
      }
    }
    assertThat(done.get("step").asInt()).isEqualTo(MAX_STEPS);
    assertThat(TopicRecords.awaitRecords(kafka, Topics.MODEL_UPDATES, v -> v.contains(id), 1))
        .hasSize(1);
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out.stream();
  }

  /** Reads the job's server-sent events until the stream ends. */
  private CompletableFuture<List<JsonNode>> events(String id) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(jobs + "/" + id + "/events"))
            .header("Accept", "text/event-stream")
            .build();
    return HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenApply(
            response ->
                response
                    .body()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> Fixtures.tree(line.substring("data:".length())))
                    .toList());
  }

  private static Path workDir(String id) {
    return Path.of(ConfigProvider.getConfig().getValue("postrain.model-store", String.class))
        .resolve(".jobs")
        .resolve(id);
  }

  private static int newestCheckpoint(String id) throws IOException {
    try (Stream<Path> dirs = Files.list(workDir(id))) {
      return dirs.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("checkpoint-[0-9]+"))
          .mapToInt(n -> Integer.parseInt(n.substring("checkpoint-".length())))
          .max()
          .orElse(0);
    }
  }
}
