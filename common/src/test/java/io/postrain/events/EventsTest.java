package io.postrain.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {

  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final List<ChatMessage> USER = List.of(new ChatMessage("user", "Who are you?"));

  @Test
  void promptRoundTripAndWireFormat() throws Exception {
    PromptEvent p =
        new PromptEvent(
            "p1",
            1,
            T,
            "c1",
            "qwen:latest",
            USER,
            new SamplingParams(32, 0.7, 0.9, 20, 42L, 2),
            Map.of("k", "v"));
    String json = Events.toJson(p);
    JsonNode tree = Events.mapper().readTree(json);
    assertThat(tree.get("timestamp").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(tree.get("messages").get(0).get("role").asText()).isEqualTo("user");
    assertThat(tree.get("sampling").get("maxNewTokens").asInt()).isEqualTo(32);
    assertThat(Events.parse(json, PromptEvent.class)).isEqualTo(p);
  }

  @Test
  void everyRecordRoundTrips() {
    List<ChatMessage> answer = List.of(new ChatMessage("assistant", "I am Qwen."));
    List<Object> events =
        List.of(
            new ResponseEvent(
                "r1",
                1,
                T,
                "p1",
                null,
                "qwen",
                "v1",
                USER,
                List.of(new Candidate(0, "I am Qwen.", "stop", 10, 4)),
                null,
                Map.of("tag", "t1")),
            new ResponseEvent(
                "r2", 1, T, "p1", "c1", "qwen", null, USER, List.of(), "no model", Map.of()),
            new PreferencePairEvent(
                "x1",
                1,
                T,
                "d1",
                "c1",
                "p1",
                USER,
                List.of(new ChatMessage("assistant", "I am Deep Qwen.")),
                answer,
                "correction"),
            new SftExampleEvent("s1", 1, T, "d1", null, null, USER, answer, "import"),
            new TrainingJobEvent(
                "j1",
                1,
                T,
                "d1",
                "dpo",
                "qwen",
                "deep-qwen",
                12,
                Events.mapper().createObjectNode().put("beta", 0.2),
                null,
                "general-sft",
                40),
            new ModelUpdateEvent(
                "m1",
                1,
                T,
                "deep-qwen",
                "v2",
                "/store/deep-qwen/v2",
                "qwen",
                "j1",
                Map.of("loss", 0.25)));
    for (Object e : events) {
      assertThat(Events.parse(Events.toJson(e), e.getClass())).isEqualTo(e);
    }
  }

  @Test
  void unknownFieldsAreIgnored() {
    String json =
        "{\"id\":\"m1\",\"schemaVersion\":1,\"timestamp\":\"2026-01-02T03:04:05Z\","
            + "\"modelName\":\"a\",\"version\":\"v1\",\"path\":\"/s/a/v1\",\"addedLater\":{\"x\":1}}";
    ModelUpdateEvent e = Events.parse(json, ModelUpdateEvent.class);
    assertThat(e.modelName()).isEqualTo("a");
    assertThat(e.metrics()).isEmpty();
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
  }

  @Test
  void samplingDefaultsFillLeftOutFields() {
    String json =
        "{\"id\":\"p\",\"schemaVersion\":1,\"timestamp\":\"2026-01-02T03:04:05Z\",\"model\":\"m\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"sampling\":{\"maxNewTokens\":8}}";
    SamplingParams s = Events.parse(json, PromptEvent.class).sampling();
    assertThat(s).isEqualTo(new SamplingParams(8, 1.0, 1.0, 0, null, 1));
  }

  @Test
  void missingFieldsAreNamed() {
    assertInvalid(
        "{\"schemaVersion\":1,\"timestamp\":\"2026-01-02T03:04:05Z\"}", PromptEvent.class, "id");
    assertInvalid(
        "{\"id\":\"a\",\"timestamp\":\"2026-01-02T03:04:05Z\"}",
        PromptEvent.class,
        "schemaVersion");
    assertInvalid("{\"id\":\"a\",\"schemaVersion\":1}", PromptEvent.class, "timestamp");
    assertInvalid(
        envelope() + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        PromptEvent.class,
        "model");
    assertInvalid(envelope() + ",\"model\":\"m\"}", PromptEvent.class, "messages");
    assertInvalid(
        envelope() + ",\"promptId\":\"p\",\"model\":\"m\"}", ResponseEvent.class, "candidates");
  }

  @Test
  void aResponseCarriesThePromptsMetadataAndOneWithoutMetadataStillParses() {
    PromptEvent p =
        PromptEvent.create("c1", "qwen", USER, null, Map.of("source", "correction", "n", "7"));
    ResponseEvent r = ResponseEvent.answer(p, "v1", List.of(new Candidate(0, "4", "stop", 10, 1)));
    assertThat(r.metadata()).containsOnly(Map.entry("source", "correction"), Map.entry("n", "7"));
    assertThat(ResponseEvent.failure(p, null, "no model").metadata()).isEqualTo(p.metadata());
    // A producer written before responses had metadata leaves the field out.
    String old =
        envelope()
            + ",\"promptId\":\"p\",\"model\":\"m\",\"candidates\":[],\"error\":\"no model\"}";
    assertThat(Events.parse(old, ResponseEvent.class).metadata()).isEmpty();
    assertInvalid(
        envelope()
            + ",\"promptId\":\"p\",\"model\":\"m\",\"error\":\"e\",\"metadata\":{\"k\":null}}",
        ResponseEvent.class,
        "metadata");
  }

  @Test
  void nestedErrorsCarryTheirPath() {
    String base =
        envelope() + ",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
    assertInvalid(base + ",\"sampling\":{\"topP\":0}}", PromptEvent.class, "sampling.topP");
    assertInvalid(
        base + ",\"sampling\":{\"temperature\":-1}}", PromptEvent.class, "sampling.temperature");
    assertInvalid(base + ",\"sampling\":{\"n\":65}}", PromptEvent.class, "sampling.n");
    assertInvalid(
        base + ",\"sampling\":{\"maxNewTokens\":0}}", PromptEvent.class, "sampling.maxNewTokens");
    assertInvalid(base + ",\"sampling\":{\"topK\":\"many\"}}", PromptEvent.class, "sampling.topK");
    assertInvalid(
        envelope() + ",\"model\":\"m\",\"messages\":[{\"role\":\"\",\"content\":\"x\"}]}",
        PromptEvent.class,
        "messages[0]");
    assertInvalid(
        envelope()
            + ",\"promptId\":\"p\",\"model\":\"m\",\"candidates\":[{\"index\":0,\"text\":\"a\",\"finishReason\":\"eos\"}]}",
        ResponseEvent.class,
        "candidates[0].finishReason");
  }

  @Test
  void messagesSayWhatIsAccepted() {
    assertThatThrownBy(() -> new SamplingParams(8, 1, 1.5, 0, null, 1))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("topP is 1.5: accepted is 0 < topP <= 1");
    assertThatThrownBy(
            () -> new TrainingJobEvent("j", 1, T, "d", "ppo", "b", "o", 1, null, null, null, 0))
        .hasMessage("method is 'ppo': accepted are dpo, sft");
    assertThatThrownBy(
            () -> new TrainingJobEvent("j", 2, T, "d", "dpo", "b", "o", 1, null, null, null, 0))
        .hasMessageContaining("schemaVersion 2 is not supported")
        .hasMessageContaining("accepted is 1");
  }

  @Test
  void malformedJsonIsAnInvalidEvent() {
    assertThatThrownBy(() -> Events.parse("{not json", ResponseEvent.class))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("malformed JSON for ResponseEvent");
    assertThatThrownBy(() -> Events.parse("", ResponseEvent.class))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("empty payload");
  }

  @Test
  void trainingJobConfigDefaultsToEmptyObjectAndMustBeAnObject() {
    TrainingJobEvent j =
        new TrainingJobEvent("j", 1, T, "d", "sft", "b", "o", 3, null, null, null, 0);
    assertThat(j.config().isObject()).isTrue();
    assertThat(j.config().size()).isZero();
    assertThatThrownBy(
            () ->
                new TrainingJobEvent(
                    "j",
                    1,
                    T,
                    "d",
                    "sft",
                    "b",
                    "o",
                    3,
                    Events.mapper().getNodeFactory().arrayNode(),
                    null,
                    null,
                    0))
        .hasMessageContaining("config is a JSON array: expected an object");
  }

  @Test
  void trainingJobWithoutRegularizationFieldsStillParses() {
    // A job as producers wrote it before the regulariser existed.
    String json =
        "{\"id\":\"j\",\"schemaVersion\":1,\"timestamp\":\"2026-01-02T03:04:05Z\","
            + "\"datasetId\":\"d\",\"method\":\"dpo\",\"baseModel\":\"b\","
            + "\"outputModel\":\"o\",\"expectedExamples\":3,\"config\":{}}";
    TrainingJobEvent j = Events.parse(json, TrainingJobEvent.class);
    assertThat(j.regularizationDatasetId()).isNull();
    assertThat(j.regularizationExamples()).isZero();
    assertThat(j.expectedExamples()).isEqualTo(3);
    // Without a regularisation dataset, the written JSON leaves the id out.
    assertThat(Events.toJson(j)).doesNotContain("regularizationDatasetId");
  }

  @Test
  void trainingJobRegularizationFieldsGoTogether() {
    TrainingJobEvent j =
        Events.parse(
            envelope()
                + ",\"datasetId\":\"d\",\"method\":\"dpo\",\"baseModel\":\"b\","
                + "\"outputModel\":\"o\",\"expectedExamples\":3,"
                + "\"regularizationDatasetId\":\"g\",\"regularizationExamples\":7}",
            TrainingJobEvent.class);
    assertThat(j.regularizationDatasetId()).isEqualTo("g");
    assertThat(j.regularizationExamples()).isEqualTo(7);
    assertThatThrownBy(
            () -> new TrainingJobEvent("j", 1, T, "d", "dpo", "b", "o", 3, null, null, "g", 0))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "regularizationExamples is 0 with regularizationDatasetId 'g': accepted is at least 1"
                + " (the SFT rows to use)");
    assertThatThrownBy(
            () -> new TrainingJobEvent("j", 1, T, "d", "dpo", "b", "o", 3, null, null, null, 5))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "regularizationExamples is 5 without a regularizationDatasetId: accepted is 0 (or name"
                + " the dataset)");
    assertThatThrownBy(
            () -> new TrainingJobEvent("j", 1, T, "d", "dpo", "b", "o", 3, null, null, " ", 5))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith(
            "regularizationDatasetId ' ' is not an accepted name: expected 1 to");
    assertInvalid(
        envelope()
            + ",\"datasetId\":\"d\",\"method\":\"dpo\",\"baseModel\":\"b\","
            + "\"outputModel\":\"o\",\"expectedExamples\":3,\"regularizationDatasetId\":\"g\"}",
        TrainingJobEvent.class,
        "regularizationExamples");
  }

  @Test
  void dlqTopic() {
    assertThat(Topics.dlq(Topics.RESPONSES)).isEqualTo("responses.dlq");
  }

  private static String envelope() {
    return "{\"id\":\"a\",\"schemaVersion\":1,\"timestamp\":\"2026-01-02T03:04:05Z\"";
  }

  private static void assertInvalid(String json, Class<?> type, String field) {
    assertThatThrownBy(() -> Events.parse(json, type))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field.replaceAll("^.*\\.", "").replaceAll("\\[\\d+]$", ""));
  }
}
