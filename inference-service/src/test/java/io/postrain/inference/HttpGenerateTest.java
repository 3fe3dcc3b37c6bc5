package io.postrain.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.template.ChatMessage;
import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/generate} and {@code /v1/chat/completions} against {@link LanguageModel#generate}
 * called directly on the same checkpoint.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class HttpGenerateTest {

  static final List<ChatMessage> CHAT =
      List.of(ChatMessage.system("Be brief."), ChatMessage.user("Name a colour."));

  @ConfigProperty(name = "postrain.inference.models-dir")
  Path modelsDir;

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  /** Completions of the tiny model computed outside the service. */
  List<Completion> reference(int maxNewTokens, double t, int k, double p, long seed, int n) {
    try (LanguageModel lm = LanguageModel.load(modelsDir.resolve(TinyModelsResource.TINY))) {
      GenerationConfig config =
          t == 0
              ? lm.generationConfig(maxNewTokens, 0, 0, 1, 0, n)
              : lm.generationConfig(maxNewTokens, t, k, p, seed, n);
      return lm.generate(List.of(CHAT), config, false).get(0);
    }
  }

  static JsonNode generate(String body) {
    String json = Fixtures.post("/v1/generate", body).statusCode(200).extract().asString();
    return readTree(json);
  }

  static JsonNode readTree(String json) {
    try {
      return Events.mapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  static void assertSame(JsonNode candidates, List<Completion> expected) {
    assertThat(candidates.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode c = candidates.get(i);
      Completion e = expected.get(i);
      assertThat(c.get("index").asInt()).isEqualTo(i);
      assertThat(c.get("text").asText()).isEqualTo(e.text());
      List<Long> ids = new ArrayList<>();
      c.get("token_ids").forEach(id -> ids.add(id.asLong()));
      assertThat(ids)
          .containsExactly(java.util.Arrays.stream(e.tokenIds()).boxed().toArray(Long[]::new));
      assertThat(c.get("finish_reason").asText()).isEqualTo(e.finishReason().jsonName());
      assertThat(c.get("prompt_tokens").asInt()).isEqualTo(e.promptTokens());
      assertThat(c.get("completion_tokens").asInt()).isEqualTo(e.completionTokens());
    }
  }

  @Test
  void greedyGenerationEqualsTheModelCalledDirectly() {
    JsonNode answer =
        generate(
            """
            {"model": "tiny", "system": "Be brief.", "user": "Name a colour.",
             "max_new_tokens": 10, "temperature": 0}
            """);
    assertThat(answer.get("model").asText()).isEqualTo("tiny");
    assertThat(answer.get("model_version").asText()).isEqualTo("base");
    assertThat(answer.get("id").asText()).isNotBlank();
    assertSame(answer.get("candidates"), reference(10, 0, 0, 1, 0, 1));
  }

  @Test
  void seededSamplingEqualsTheModelCalledDirectly() {
    JsonNode answer =
        generate(
            """
            {"model": "tiny:latest",
             "messages": [{"role": "system", "content": "Be brief."},
                          {"role": "user", "content": "Name a colour."}],
             "max_new_tokens": 8, "temperature": 0.9, "top_k": 50, "top_p": 0.95,
             "seed": 42, "n": 2}
            """);
    List<Completion> expected = reference(8, 0.9, 50, 0.95, 42, 2);
    assertSame(answer.get("candidates"), expected);
    assertThat(expected.get(0).tokenIds()).isNotEqualTo(expected.get(1).tokenIds());
  }

  @Test
  void chatCompletionHasTheOpenAiShapeAndUsage() {
    String json =
        Fixtures.post(
                "/v1/chat/completions",
                """
                {"model": "tiny:base",
                 "messages": [{"role": "system", "content": "Be brief."},
                              {"role": "user", "content": "Name a colour."}],
                 "max_completion_tokens": 9, "temperature": 0.7, "seed": 5, "n": 2}
                """)
            .statusCode(200)
            .extract()
            .asString();
    JsonNode c = readTree(json);
    List<Completion> expected = reference(9, 0.7, 0, 1, 5, 2);
    assertThat(c.get("object").asText()).isEqualTo("chat.completion");
    assertThat(c.get("id").asText()).startsWith("chatcmpl-");
    assertThat(c.get("model").asText()).isEqualTo("tiny:base");
    assertThat(c.get("created").asLong()).isPositive();
    for (int i = 0; i < 2; i++) {
      JsonNode choice = c.get("choices").get(i);
      assertThat(choice.get("index").asInt()).isEqualTo(i);
      assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
      assertThat(choice.get("message").get("content").asText()).isEqualTo(expected.get(i).text());
      assertThat(choice.get("finish_reason").asText())
          .isEqualTo(expected.get(i).finishReason().jsonName());
    }
    int completion = expected.get(0).completionTokens() + expected.get(1).completionTokens();
    int prompt = expected.get(0).promptTokens();
    assertThat(c.get("usage").get("prompt_tokens").asInt()).isEqualTo(prompt);
    assertThat(c.get("usage").get("completion_tokens").asInt()).isEqualTo(completion);
    assertThat(c.get("usage").get("total_tokens").asInt()).isEqualTo(prompt + completion);
  }

  @Test
  void streamedChunksConcatenateToTheWholeAnswerAndEndWithDone() {
    String request =
        """
        {"model": "tiny",
         "messages": [{"role": "system", "content": "Be brief."},
                      {"role": "user", "content": "Name a colour."}],
         "max_tokens": 12, "temperature": 0.8, "seed": 9, "n": 2%s}
        """;
    String body =
        Fixtures.post("/v1/chat/completions", request.formatted(", \"stream\": true"))
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
            .extract()
            .asString();
    List<String> events =
        java.util.Arrays.stream(body.split("\n\n")).filter(e -> !e.isBlank()).toList();
    assertThat(events).allSatisfy(e -> assertThat(e).startsWith("data: "));
    assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
    StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
    String[] reasons = new String[2];
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = readTree(event.substring("data: ".length()));
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      JsonNode choice = chunk.get("choices").get(0);
      int index = choice.get("index").asInt();
      JsonNode content = choice.get("delta").get("content");
      if (content != null) {
        texts[index].append(content.asText());
      }
      if (!choice.get("finish_reason").isNull()) {
        reasons[index] = choice.get("finish_reason").asText();
      }
    }
    JsonNode whole =
        readTree(
            Fixtures.post("/v1/chat/completions", request.formatted(""))
                .statusCode(200)
                .extract()
                .asString());
    for (int i = 0; i < 2; i++) {
      JsonNode choice = whole.get("choices").get(i);
      assertThat(texts[i].toString()).isEqualTo(choice.get("message").get("content").asText());
      assertThat(reasons[i]).isEqualTo(choice.get("finish_reason").asText());
    }
    assertThat(texts[0].toString()).isEqualTo(reference(12, 0.8, 0, 1, 9, 2).get(0).text());
  }
}
