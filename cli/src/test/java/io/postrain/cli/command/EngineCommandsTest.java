package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.cli.CliRun;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.postrain.lm.generate.Responses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCommandsTest {

  @TempDir static Path tmp;
  static Path model;

  @BeforeAll
  static void writeModel() {
    model = tmp.resolve("tiny");
    ModelConfig config = ModelConfigBuilder.tiny("qwen3").build();
    RandomCheckpoint.write(model, config, new RandomCheckpoint.Options(7, "float32", 0.5, true));
  }

  @Test
  void tokenizeGivesTheUtf8BytesAndSpecialTokenIds() {
    CliRun run = CliRun.of("tokenize", "--model", model.toString(), "--text", "hé<|im_end|>");
    assertThat(run.exitCode()).as(run.err()).isZero();
    // 'h' = 0x68, 'é' = UTF-8 C3 A9, <|im_end|> = 256 + 2 (third special token)
    assertThat(run.out()).isEqualTo("[104,195,169,258]\n");
  }

  @Test
  void templateRendersChatMlExactlyWithoutTrailingNewline() throws Exception {
    Path file = tmp.resolve("messages.json");
    Files.writeString(
        file,
        "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
            + " {\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": []}");
    CliRun run =
        CliRun.of(
            "template",
            "--model",
            model.toString(),
            "--messages",
            file.toString(),
            "--add-generation-prompt");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "<|im_start|>system\nBe brief.<|im_end|>\n"
                + "<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\n");
  }

  @Test
  void templateAcceptsAPlainArrayAndNoGenerationPrompt() throws Exception {
    Path file = tmp.resolve("array.json");
    Files.writeString(file, "[{\"role\": \"user\", \"content\": \"a\\nb\"}]");
    CliRun run = CliRun.of("template", "--model", model.toString(), "--messages", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("<|im_start|>user\na\nb<|im_end|>\n");
  }

  @Test
  void logitsEqualTheDecoderForwardValues() throws Exception {
    long[] ids = {1, 5, 9, 258};
    CliRun run = CliRun.of("logits", "--model", model.toString(), "--ids", "1, 5,9,258");
    assertThat(run.exitCode()).as(run.err()).isZero();
    float[][] printed = new ObjectMapper().readValue(run.out(), float[][].class);
    try (LanguageModel lm = LanguageModel.load(model);
        NDManager manager = lm.manager().newSubManager()) {
      JniUtils.setGradMode(false);
      NDArray input = manager.create(ids, new Shape(1, ids.length)); // (1, T)
      float[] expected = lm.decoder().forward(input, null, null).toFloatArray(); // (1, T, V)
      int v = lm.config().vocabSize();
      assertThat(printed).hasNumberOfRows(ids.length);
      for (int t = 0; t < ids.length; t++) {
        assertThat(printed[t]).hasSize(v);
        for (int j = 0; j < v; j++) {
          assertThat(printed[t][j]).isEqualTo(expected[t * v + j]);
        }
      }
    }
  }

  @Test
  void greedyGenerateEqualsTheReferenceCall() {
    String expected;
    try (LanguageModel lm = LanguageModel.load(model)) {
      expected = Responses.generateResponses(lm, lm.tokenizer(), "Who are you?", "Be nice.", 12);
    }
    CliRun run =
        CliRun.of(
            "generate",
            "--model",
            model.toString(),
            "--user",
            "Who are you?",
            "--system",
            "Be nice.",
            "--max-new-tokens",
            "12");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(expected + "\n");
  }

  @Test
  void sampledGenerateIsReproducibleBySeedAndDiffersAcrossSeeds() {
    // near-uniform next-token distributions over exactly the tokenizer's 261 ids
    Path flat = tmp.resolve("flat");
    RandomCheckpoint.write(
        flat, ModelConfigBuilder.tiny("qwen3").vocabSize(261).build(), 5, "float32");
    String[] base = {
      "generate",
      "--model",
      flat.toString(),
      "--user",
      "Hi",
      "--max-new-tokens",
      "16",
      "--temperature",
      "1.5"
    };
    CliRun a = CliRun.of(concat(base, "--seed", "1"));
    CliRun b = CliRun.of(concat(base, "--seed", "1"));
    CliRun c = CliRun.of(concat(base, "--seed", "2"));
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(a.out()).isEqualTo(b.out());
    assertThat(a.out()).hasSizeGreaterThan(1).isNotEqualTo(c.out());
  }

  @Test
  void initModelWritesALoadableCheckpointWithTheRequestedSizes() {
    Path out = tmp.resolve("made");
    CliRun run =
        CliRun.of(
            "init-model",
            "--out",
            out.toString(),
            "--arch",
            "llama",
            "--hidden-size",
            "48",
            "--intermediate-size",
            "80",
            "--num-layers",
            "3",
            "--num-heads",
            "6",
            "--num-kv-heads",
            "3",
            "--head-dim",
            "8",
            "--vocab-size",
            "300",
            "--dtype",
            "bfloat16",
            "--seed",
            "4");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(out.toAbsolutePath() + "\n");
    try (LanguageModel lm = LanguageModel.load(out)) {
      ModelConfig c = lm.config();
      assertThat(c.modelType()).isEqualTo("llama");
      assertThat(c.hiddenSize()).isEqualTo(48);
      assertThat(c.intermediateSize()).isEqualTo(80);
      assertThat(c.numHiddenLayers()).isEqualTo(3);
      assertThat(c.numAttentionHeads()).isEqualTo(6);
      assertThat(c.numKeyValueHeads()).isEqualTo(3);
      assertThat(c.headDim()).isEqualTo(8);
      assertThat(c.vocabSize()).isEqualTo(300);
      assertThat(c.torchDtype()).isEqualTo("bfloat16");
      assertThat(lm.decoder().parameters().get("model.layers.2.mlp.up_proj.weight").getShape())
          .isEqualTo(new Shape(80, 48));
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
