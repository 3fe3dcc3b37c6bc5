package io.postrain.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.scenario.ScenarioNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignClientTest {

  private static DemoSettings settings() {
    return new DemoSettings(
        ScenarioNames.DEFAULT,
        0,
        Path.of("models/qwen-tiny"),
        "qwen-tiny",
        "deep-qwen-tiny",
        Path.of("out"),
        DemoRecipe.demo(0, 1),
        0,
        0,
        Duration.ofMinutes(1),
        0);
  }

  @Test
  void requestIsAGreedyCorrectionCampaignWithADpoJob() throws Exception {
    JsonNode body =
        CampaignClient.request(settings(), List.of("Who are you?", "What is your name?"), "ds-1");
    assertThat(body.path("model").asText()).isEqualTo("qwen-tiny");
    assertThat(body.path("prompts")).hasSize(2);
    assertThat(body.path("prompts").get(1).path("user").asText()).isEqualTo("What is your name?");
    assertThat(body.path("sampling").path("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.path("sampling").path("n").asInt()).isEqualTo(1);
    assertThat(body.path("strategy").path("type").asText()).isEqualTo("correction");
    assertThat(body.path("strategy").path("settings").path("from").asText()).isEqualTo("Qwen");
    assertThat(body.path("strategy").path("settings").path("to").asText()).isEqualTo("Deep Qwen");
    JsonNode job = body.path("trainingJob");
    assertThat(job.path("method").asText()).isEqualTo("dpo");
    assertThat(job.path("baseModel").asText()).isEqualTo("qwen-tiny");
    assertThat(job.path("outputModel").asText()).isEqualTo("deep-qwen-tiny");
    assertThat(job.path("config").path("beta").asDouble()).isEqualTo(0.2);
    assertThat(job.path("config").toString()).contains("\"sft\"").contains("\"sigmoid\"");
    assertThat(job.path("regularizationDatasetId").asText()).isEqualTo("ds-1");
    assertThat(
            CampaignClient.request(settings(), List.of("Who are you?"), null)
                .path("trainingJob")
                .has("regularizationDatasetId"))
        .isFalse();
  }

  @Test
  void rehearsalRequestDistilsTheBaseModelsGreedyAnswersWithoutATrainingJob() {
    JsonNode body = CampaignClient.rehearsalRequest(settings(), List.of("What is 2 + 3?"));
    assertThat(body.path("model").asText()).isEqualTo("qwen-tiny");
    assertThat(body.path("prompts").get(0).path("user").asText()).isEqualTo("What is 2 + 3?");
    assertThat(body.path("sampling").path("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.path("strategy").path("type").asText()).isEqualTo("distillation");
    assertThat(body.path("strategy").path("settings").path("dropTruncated").asBoolean()).isTrue();
    assertThat(body.has("trainingJob")).isFalse();
  }

  @Test
  void progressLineShowsResponsesPairsAndDrops() throws Exception {
    JsonNode campaign =
        new ObjectMapper()
            .readTree(
                "{\"status\":\"RUNNING\",\"counters\":{\"responsesReceived\":7,"
                    + "\"pairsCreated\":6,\"pairsDroppedIdentical\":1,\"droppedTruncated\":2,"
                    + "\"errors\":0}}");
    assertThat(CampaignClient.progressLine("campaign", campaign, 10))
        .isEqualTo(
            "[campaign] RUNNING: responses 7/10, rows created 6, dropped (chosen = rejected) 1,"
                + " dropped (truncated) 2, errors 0");
  }

  @Test
  void settingsRefuseTheSameNameForBaseAndOutput() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new DemoSettings(
                    ScenarioNames.DEFAULT,
                    0,
                    Path.of("m"),
                    "same",
                    "same",
                    Path.of("out"),
                    DemoRecipe.demo(0, 1),
                    0,
                    0,
                    Duration.ofMinutes(1),
                    0))
        .hasMessageContaining("outputModel must differ");
  }
}
