package io.postrain.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every event field that becomes part of a path is checked by the name rule when read. */
class EventNamesTest {

  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
  private static final List<ChatMessage> USER = List.of(ChatMessage.user("Hi"));
  private static final List<String> HOSTILE =
      List.of("../../../../x", "/etc", "a/b", "a\\b", "%2e%2e%2f", "a\u0000", "y".repeat(129));

  @Test
  void trainingJobNames() {
    for (String bad : HOSTILE) {
      refused("id", () -> job(bad, "d", "b", "o", null, null));
      refused("datasetId", () -> job("j", bad, "b", "o", null, null));
      refused("baseModel", () -> job("j", "d", bad, "o", null, null));
      refused("outputModel", () -> job("j", "d", "b", bad, null, null));
      refused("regularizationDatasetId", () -> job("j", "d", "b", "o", bad, null));
      refused("config.refModelPath", () -> job("j", "d", "b", "o", null, bad));
    }
    refused("baseModel", () -> job("j", "d", "b:v1:v2", "o", null, null));
    TrainingJobEvent ok = job("j-1", "d.1", "qwen:v3", "deep_qwen", "g", "qwen:latest");
    assertThat(ok.config().get("refModelPath").asText()).isEqualTo("qwen:latest");
    ObjectNode numeric = Events.mapper().createObjectNode().put("refModelPath", 5);
    assertThatThrownBy(
            () -> new TrainingJobEvent("j", 1, T, "d", "dpo", "b", "o", 1, numeric, null, null, 0))
        .hasMessageStartingWith("config.refModelPath is a JSON number: expected name");
  }

  @Test
  void trainingJobFromJsonIsRefusedNamingTheField() {
    String json =
        "{\"id\":\"j\",\"schemaVersion\":1,\"timestamp\":\"2026-01-02T03:04:05Z\","
            + "\"datasetId\":\"d\",\"method\":\"dpo\",\"baseModel\":\"b\","
            + "\"outputModel\":\"../../../../x\",\"expectedExamples\":3,\"config\":{}}";
    assertThatThrownBy(() -> Events.parse(json, TrainingJobEvent.class))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("outputModel '../../../../x' is not an accepted name")
        .extracting(e -> ((InvalidEventException) e).field())
        .isEqualTo("outputModel");
  }

  @Test
  void modelUpdateRowAndPromptNames() {
    for (String bad : HOSTILE) {
      refused("modelName", () -> update(bad, "v1", null, null));
      refused("version", () -> update("m", bad, null, null));
      refused("baseModel", () -> update("m", "v1", bad, null));
      refused("jobId", () -> update("m", "v1", null, bad));
      refused(
          "datasetId", () -> new SftExampleEvent("r", 1, T, bad, null, null, USER, USER, "import"));
      refused(
          "datasetId",
          () -> new PreferencePairEvent("r", 1, T, bad, null, null, USER, USER, USER, "import"));
      refused("model", () -> new PromptEvent("p", 1, T, null, bad, USER, null, Map.of()));
    }
    assertThat(update("m", "v1", "base:latest", "j").modelName()).isEqualTo("m");
  }

  private static TrainingJobEvent job(
      String id, String dataset, String base, String output, String reg, String ref) {
    ObjectNode config = Events.mapper().createObjectNode();
    if (ref != null) {
      config.put("refModelPath", ref);
    }
    return new TrainingJobEvent(
        id, 1, T, dataset, "dpo", base, output, 1, config, null, reg, reg == null ? 0 : 1);
  }

  private static ModelUpdateEvent update(String name, String version, String base, String job) {
    return new ModelUpdateEvent(
        "u", 1, T, name, version, "/store/" + name + "/" + version, base, job, Map.of());
  }

  private static void refused(String field, Runnable make) {
    assertThatThrownBy(make::run)
        .as(field)
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith(field + " ")
        .hasMessageContaining("expected ")
        .extracting(e -> ((InvalidEventException) e).field())
        .isEqualTo(field);
  }
}
