package io.postrain.lm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.ReferenceDecoder;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.Responses;
import io.postrain.lm.template.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpoints on disk, end to end: written by {@link RandomCheckpoint}, loaded by {@link
 * LanguageModel}, compared with the float64 {@link ReferenceDecoder} fed the same numbers (rounded
 * to bf16 by this test's own arithmetic for bf16 files).
 */
class LanguageModelTest {

  private static final long[] TOKENS = {257, 117, 115, 101, 114, 10, 104, 105, 258, 10, 72};

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "qwen3, float32",
    "qwen3, bfloat16",
    "qwen2, float32",
    "qwen2, bfloat16",
    "llama, float32",
    "llama, bfloat16"
  })
  void logitsFromDiskMatchReference(String arch, String dtype, @TempDir Path dir) {
    ModelConfig config = ModelConfigBuilder.tiny(arch).hiddenSize(32).build();
    RandomCheckpoint.Options options = new RandomCheckpoint.Options(7, dtype, 0.2, true);
    RandomCheckpoint.write(dir, config, options);
    Map<String, double[]> expectedWeights = new LinkedHashMap<>();
    RandomCheckpoint.weights(config, options)
        .forEach((name, f) -> expectedWeights.put(name, widen(f, dtype.equals("bfloat16"))));
    double[][] expected = new ReferenceDecoder(config, expectedWeights).logits(TOKENS);

    try (LanguageModel model = LanguageModel.load(dir);
        NDManager manager = NDManager.newBaseManager()) {
      NDArray ids = manager.create(TOKENS, new Shape(1, TOKENS.length));
      float[] actual = model.decoder().forward(ids, null, null).toFloatArray();
      int v = config.vocabSize();
      double maxDiff = 0;
      double maxRef = 0;
      for (int t = 0; t < TOKENS.length; t++) {
        for (int j = 0; j < v; j++) {
          maxDiff = Math.max(maxDiff, Math.abs(actual[t * v + j] - expected[t][j]));
          maxRef = Math.max(maxRef, Math.abs(expected[t][j]));
        }
      }
      assertThat(maxRef).isGreaterThan(0.1);
      assertThat(maxDiff / maxRef).isLessThan(1e-4);
    }
  }

  @Test
  void generateResponsesRendersChatMlAndDecodesGreedily(@TempDir Path dir) {
    ModelConfig config = ModelConfigBuilder.tiny("qwen3").build();
    RandomCheckpoint.Options options = new RandomCheckpoint.Options(3, "float32", 0.5, true);
    RandomCheckpoint.write(dir, config, options);

    // The prompt the ChatML template must produce, written by hand, as byte-level ids.
    String prompt =
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n"
            + "<|im_start|>assistant\n";
    List<Long> ids = byteLevelIds(prompt);
    Map<String, double[]> weights = new LinkedHashMap<>();
    RandomCheckpoint.weights(config, options).forEach((n, f) -> weights.put(n, widen(f, false)));
    ReferenceDecoder reference = new ReferenceDecoder(config, weights);
    List<Integer> generated = new ArrayList<>();
    for (int step = 0; step < 12; step++) {
      long[] tokens = ids.stream().mapToLong(Long::longValue).toArray();
      double[] last = reference.logits(tokens)[tokens.length - 1];
      int next = 0;
      for (int j = 1; j < last.length; j++) {
        if (last[j] > last[next]) {
          next = j;
        }
      }
      if (next == 258) {
        break;
      }
      generated.add(next);
      ids.add((long) next);
    }
    byte[] bytes = new byte[generated.size()];
    int n = 0;
    for (int id : generated) {
      if (id < 256) {
        bytes[n++] = (byte) id;
      }
    }
    String expected = new String(bytes, 0, n, StandardCharsets.UTF_8).strip();

    try (LanguageModel model = LanguageModel.load(dir)) {
      String answer =
          Responses.generateResponses(model, model.tokenizer(), "Hi there", "Be brief.", 12);
      assertThat(answer).isEqualTo(expected);
      assertThat(model.stopTokenIds()).contains(258);
    }
  }

  @Test
  void promptBeyondTheContextIsRefused(@TempDir Path dir) {
    ModelConfig config = ModelConfigBuilder.tiny("llama").maxPositionEmbeddings(32).build();
    RandomCheckpoint.write(dir, config, 1, "float32");
    try (LanguageModel model = LanguageModel.load(dir)) {
      GenerationConfig greedy = model.generationConfig(8, 0, 0, 1, 0, 1);
      List<ChatMessage> long_ = List.of(ChatMessage.user("x".repeat(40)));
      assertThatThrownBy(() -> model.generate(List.of(long_), greedy, false))
          .hasMessageContaining("exceeds the model's context of 32 tokens");
    }
  }

  @Test
  void missingDirectoryIsNamed() {
    assertThatThrownBy(() -> LanguageModel.load(Path.of("/nonexistent/model")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("/nonexistent/model");
  }

  /** f32 values widened to double, first rounded to bf16 (nearest, ties to even) if asked. */
  private static double[] widen(float[] values, boolean bf16) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (bf16) {
        int bits = Float.floatToRawIntBits(v);
        int lsb = (bits >>> 16) & 1;
        v = Float.intBitsToFloat((bits + 0x7FFF + lsb) & 0xFFFF0000);
      }
      out[i] = v;
    }
    return out;
  }

  private static List<Long> byteLevelIds(String text) {
    Map<String, Long> specials = Map.of("<|im_start|>", 257L, "<|im_end|>", 258L);
    List<Long> ids = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      String special = null;
      for (String s : specials.keySet()) {
        if (text.startsWith(s, i)) {
          special = s;
        }
      }
      if (special != null) {
        ids.add(specials.get(special));
        i += special.length();
      } else {
        for (byte b : text.substring(i, i + 1).getBytes(StandardCharsets.UTF_8)) {
          ids.add((long) (b & 0xFF));
        }
        i++;
      }
    }
    return ids;
  }
}
