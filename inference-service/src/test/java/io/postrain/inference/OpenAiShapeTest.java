package io.postrain.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/chat/completions} beyond what the client test covers: logprobs against log-softmax of
 * a full forward pass computed here, content parts, roles, and the refusals of fields and sizes.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class OpenAiShapeTest {

  static final String CHAT =
      "\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
          + " {\"role\": \"user\", \"content\": \"Name a colour.\"}]";

  @ConfigProperty(name = "postrain.inference.models-dir")
  Path modelsDir;

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  static JsonNode ok(String body) {
    return HttpGenerateTest.readTree(
        Fixtures.post("/v1/chat/completions", body).statusCode(200).extract().asString());
  }

  @Test
  void logprobsAreTheLogSoftmaxOfAFullForwardOverTheSameIds() {
    JsonNode r =
        ok(
            "{\"model\": \"tiny\", "
                + CHAT
                + ", \"max_tokens\": 6, \"temperature\": 1.3, \"seed\": 3,"
                + " \"logprobs\": true, \"top_logprobs\": 2}");
    JsonNode content = r.get("choices").get(0).get("logprobs").get("content");
    // the same sample through /v1/generate gives the token ids (a token's text may be U+FFFD)
    JsonNode ids =
        HttpGenerateTest.generate(
                "{\"model\": \"tiny\", "
                    + CHAT
                    + ", \"max_new_tokens\": 6, \"temperature\": 1.3, \"seed\": 3}")
            .get("candidates")
            .get(0)
            .get("token_ids");
    try (LanguageModel lm = LanguageModel.load(modelsDir.resolve(TinyModelsResource.TINY));
        NDManager manager = NDManager.newBaseManager()) {
      long[] prompt = lm.encodePrompt(HttpGenerateTest.CHAT, false);
      long[] seq = prompt;
      for (int i = 0; i < content.size(); i++) {
        JsonNode t = content.get(i);
        long id = ids.get(i).asLong();
        float[] logits = // (T, V): the whole sequence again, no cache
            lm.decoder()
                .forward(manager.create(seq, new Shape(1, seq.length)), null, null)
                .toFloatArray();
        int v = lm.config().vocabSize();
        double[] last = new double[v];
        for (int j = 0; j < v; j++) {
          last[j] = logits[(seq.length - 1) * v + j];
        }
        double max = Arrays.stream(last).max().orElseThrow();
        double logZ = max + Math.log(Arrays.stream(last).map(x -> Math.exp(x - max)).sum());
        assertThat(t.get("logprob").asDouble()).isCloseTo(last[(int) id] - logZ, within(1e-4));
        JsonNode top = t.get("top_logprobs");
        assertThat(top.size()).isEqualTo(2);
        double best = Arrays.stream(last).max().orElseThrow() - logZ;
        assertThat(top.get(0).get("logprob").asDouble()).isCloseTo(best, within(1e-4));
        assertThat(top.get(0).get("logprob").asDouble())
            .isGreaterThanOrEqualTo(top.get(1).get("logprob").asDouble());
        seq = Arrays.copyOf(seq, seq.length + 1);
        seq[seq.length - 1] = id;
      }
      assertThat(content.size()).isPositive();
      assertThat(ids.size()).isGreaterThanOrEqualTo(content.size());
    }
  }

  @Test
  void textPartsAndTheDeveloperRoleReadAsStringAndSystem() {
    String parts =
        "\"messages\": [{\"role\": \"developer\", \"content\": [{\"type\": \"text\", \"text\": \"Be\"},"
            + " {\"type\": \"text\", \"text\": \"brief.\"}]},"
            + " {\"role\": \"user\", \"content\": \"Name a colour.\"}]";
    String plain =
        "\"messages\": [{\"role\": \"system\", \"content\": \"Be\\nbrief.\"},"
            + " {\"role\": \"user\", \"content\": \"Name a colour.\"}]";
    String rest = ", \"max_tokens\": 6, \"temperature\": 0}";
    JsonNode a = ok("{\"model\": \"tiny\", " + parts + rest);
    JsonNode b = ok("{\"model\": \"tiny\", " + plain + rest);
    assertThat(a.get("usage")).isEqualTo(b.get("usage"));
    assertThat(a.get("choices").get(0).get("message"))
        .isEqualTo(b.get("choices").get(0).get("message"));
  }

  @Test
  void unknownUnsupportedAndMistypedFieldsAreRefusedByName() {
    String m = "{\"model\": \"tiny\", " + CHAT;
    ApiErrorsTest.refusedOpenAi(m + ", \"colour\": 1}", "colour", "unknown field colour");
    ApiErrorsTest.refusedOpenAi(m + ", \"audio\": {}}", "audio", "not supported");
    ApiErrorsTest.refusedOpenAi(m + ", \"max_tokens\": 3.7}", "max_tokens", "wrong type");
    ApiErrorsTest.refusedOpenAi(m + ", \"n\": \"2\"}", "n", "wrong type");
    ApiErrorsTest.refusedOpenAi(m + ", \"tool_choice\": \"required\"}", "tool_choice", "auto");
    ApiErrorsTest.refusedOpenAi(
        m + ", \"stop\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}", "stop", "at most 4");
    ApiErrorsTest.refusedOpenAi(m + ", \"top_logprobs\": 2}", "top_logprobs", "logprobs: true");
    ApiErrorsTest.refusedOpenAi(m + ", \"presence_penalty\": 0.5}", "presence_penalty", "only 0");
    ApiErrorsTest.refusedOpenAi(
        "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"x\", \"name\": \"bo\"}]}",
        "messages[0].name",
        "unknown field");
    ApiErrorsTest.refusedOpenAi(
        "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\":"
            + " [{\"type\": \"image_url\", \"image_url\": {\"url\": \"x\"}}]}]}",
        "messages[0].content[0].type",
        "text only");
    ApiErrorsTest.refusedOpenAi(
        "{\"model\": \"tiny\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}",
        "messages[0].tool_call_id",
        "missing");
    // the shape of the other endpoints is unchanged
    Fixtures.post("/v1/generate", "{\"model\": \"tiny\", \"user\": \"Hi\", \"n\": 0}")
        .statusCode(400)
        .body("field", equalTo("n"));
  }

  @Test
  void oversizedBodiesAndPromptsAreRefusedBeforeTokenising() {
    String big = "x".repeat(1_100_000);
    Fixtures.post(
            "/v1/chat/completions",
            "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \""
                + big
                + "\"}]}")
        .statusCode(413)
        .body("error.code", equalTo("request_too_large"))
        .body("error.message", containsString("at most 1048576"));
    // over Quarkus' own 10 MiB limit: refused from its Content-Length, in OpenAI's shape still
    Fixtures.post(
            "/v1/chat/completions",
            "{\"model\": \"tiny\", \"x\": \"" + "z".repeat(12_000_000) + "\"}")
        .statusCode(413)
        .body("error.code", equalTo("request_too_large"))
        .body("error.message", containsString("at most 1048576"));
    // the service's own endpoints answer in their own shape
    Fixtures.post("/v1/generate", "{\"model\": \"tiny\", \"user\": \"" + big + "\"}")
        .statusCode(413)
        .body("error", containsString("at most 1048576"));
    String longPrompt = "y".repeat(200_001);
    long start = System.nanoTime();
    ApiErrorsTest.refusedOpenAi(
        "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \""
            + longPrompt
            + "\"}]}",
        "messages",
        "200001 characters",
        "at most 200000");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
  }

  @Test
  void aChunkedOversizedBodyIsCountedOnceRead() throws Exception {
    byte[] body =
        ("{\"model\": \"tiny\", \"user\": \"" + "x".repeat(1_100_000) + "\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // ofInputStream has no known length: the client sends it chunked, without Content-Length
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    io.restassured.RestAssured.baseURI
                        + ":"
                        + io.restassured.RestAssured.port
                        + "/v1/generate"))
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)))
            .build();
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body())
        .contains("\"error\":\"the request body has 1100029 bytes: at most 1048576");
  }

  @Test
  void anAssistantToolCallAndAToolAnswerAreRenderedByTheQwen3Template() {
    JsonNode r =
        ok(
            "{\"model\": \"qtiny\", \"max_tokens\": 3, \"temperature\": 0, \"messages\": ["
                + "{\"role\": \"user\", \"content\": \"Weather?\"},"
                + "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"c1\","
                + " \"type\": \"function\", \"function\": {\"name\": \"w\", \"arguments\": \"{\\\"a\\\": 1}\"}}]},"
                + "{\"role\": \"tool\", \"tool_call_id\": \"c1\", \"content\": \"sunny\"}]}");
    // rendered by hand from Qwen3's template (enable_thinking false closes an empty think block)
    String rendered =
        "<|im_start|>user\nWeather?<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{\"name\": \"w\","
            + " \"arguments\": {\"a\": 1}}\n</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n"
            + "sunny\n</tool_response><|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
    // the byte-level tokenizer: one token per byte, one per special token
    String specials = "<\\|im_start\\|>|<\\|im_end\\|>|<think>|</think>";
    int specialCount = rendered.split(specials, -1).length - 1;
    int expected = rendered.replaceAll(specials, "").length() + specialCount;
    assertThat(specialCount).isEqualTo(9);
    assertThat(r.get("usage").get("prompt_tokens").asInt()).isEqualTo(expected);
  }
}
