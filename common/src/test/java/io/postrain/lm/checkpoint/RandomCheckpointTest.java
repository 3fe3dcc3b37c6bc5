package io.postrain.lm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomCheckpointTest {

  @TempDir Path dir;

  @Test
  void tinyConfigsHaveTheDocumentedSizes() {
    ModelConfig qwen3 = RandomCheckpoint.tinyConfig("qwen3");
    assertThat(qwen3.vocabSize()).isEqualTo(272);
    assertThat(qwen3.tieWordEmbeddings()).isTrue();
    assertThat(qwen3.eosTokenIds()).containsExactly(258);
    assertThat(qwen3.ropeTheta()).isEqualTo(1e6);
    // by hand: embed 272*64 = 17408; per layer 2*64 norms + q 64*64 + k,v 2*32*64 + o 64*64
    // + q_norm, k_norm 2*16 + mlp 3*128*64 = 37024; 2 layers; final norm 64
    assertThat(qwen3.parameterCount()).isEqualTo(17408 + 2 * 37024 + 64);

    ModelConfig qwen2 = RandomCheckpoint.tinyConfig("qwen2");
    assertThat(qwen2.tieWordEmbeddings()).isFalse();
    assertThat(qwen2.tensorShapes()).containsKey("model.layers.0.self_attn.q_proj.bias");
    ModelConfig llama = RandomCheckpoint.tinyConfig("Llama");
    assertThat(llama.ropeTheta()).isEqualTo(10_000.0);
    assertThat(llama.tensorShapes()).containsKey("lm_head.weight");

    ModelConfig wide =
        ModelConfigBuilder.tiny("qwen3").hiddenSize(128).numHiddenLayers(3).headDim(32).build();
    assertThat(wide.hiddenSize()).isEqualTo(128);
    assertThat(wide.numHiddenLayers()).isEqualTo(3);
    assertThat(wide.tensorShapes().get("model.layers.2.self_attn.q_proj.weight"))
        .containsExactly(4 * 32, 128);
    assertThatThrownBy(() -> ModelConfigBuilder.tiny("gpt2"))
        .hasMessageContaining("qwen3, qwen2, llama");
    assertThatThrownBy(() -> ModelConfigBuilder.tiny("qwen3").vocabSize(100).build())
        .hasMessageContaining("261");
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    ModelConfig config = RandomCheckpoint.tinyConfig("qwen3");
    Map<String, float[]> a =
        RandomCheckpoint.weights(config, RandomCheckpoint.Options.of(1, "float32"));
    Map<String, float[]> b =
        RandomCheckpoint.weights(config, RandomCheckpoint.Options.of(1, "float32"));
    Map<String, float[]> c =
        RandomCheckpoint.weights(config, RandomCheckpoint.Options.of(2, "float32"));
    String name = "model.layers.1.mlp.up_proj.weight";
    assertThat(a.get(name)).containsExactly(b.get(name));
    assertThat(a.get(name)).isNotEqualTo(c.get(name));
    assertThat(a.get("model.layers.0.self_attn.q_proj.weight"))
        .isNotEqualTo(a.get("model.layers.1.self_attn.q_proj.weight"));
  }

  @Test
  void weightsAreNormalWithStd002AndNormsOneOrNearOne() {
    ModelConfig config = RandomCheckpoint.tinyConfig("qwen2");
    Map<String, float[]> plain =
        RandomCheckpoint.weights(config, RandomCheckpoint.Options.of(5, "float32"));
    float[] embed = plain.get("model.embed_tokens.weight");
    assertThat(mean(embed)).isCloseTo(0, within(0.001));
    assertThat(std(embed)).isCloseTo(0.02, within(0.0005));
    assertThat(std(plain.get("model.layers.0.self_attn.q_proj.bias"))).isBetween(0.01, 0.03);
    assertThat(plain.get("model.layers.0.input_layernorm.weight")).containsOnly(1f);
    assertThat(plain.get("model.norm.weight")).containsOnly(1f);

    Map<String, float[]> randomized =
        RandomCheckpoint.weights(config, new RandomCheckpoint.Options(5, "float32", 0.02, true));
    float[] norm = randomized.get("model.layers.1.post_attention_layernorm.weight");
    assertThat(mean(norm)).isCloseTo(1, within(0.05));
    assertThat(std(norm)).isBetween(0.06, 0.14);
  }

  @Test
  void writesALoadableDirectoryInBf16() throws IOException {
    ModelConfig config = RandomCheckpoint.tinyConfig("qwen3");
    Path out = RandomCheckpoint.write(dir, config, 11, "bfloat16");
    assertThat(out).isEqualTo(dir);
    for (String f :
        new String[] {
          "config.json",
          "model.safetensors",
          "generation_config.json",
          "tokenizer.json",
          "tokenizer_config.json"
        }) {
      assertThat(dir.resolve(f)).exists();
    }
    assertThat(ModelConfig.read(dir).torchDtype()).isEqualTo("bfloat16");
    Map<String, float[]> f32 =
        RandomCheckpoint.weights(config, RandomCheckpoint.Options.of(11, "bfloat16"));
    try (SafetensorsReader reader = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
      assertThat(reader.tensors().keySet())
          .containsExactlyElementsOf(config.tensorShapes().keySet());
      float[] stored = reader.readFloats("model.layers.0.mlp.gate_proj.weight");
      float[] exact = f32.get("model.layers.0.mlp.gate_proj.weight");
      for (int i = 0; i < stored.length; i++) {
        // bf16 keeps 8 significant bits: half an ulp is at most 2^-8 of |x|
        assertThat((double) Math.abs(stored[i] - exact[i]))
            .isLessThanOrEqualTo(Math.abs(exact[i]) * 0x1p-8);
      }
    }
    assertThat(Files.size(dir.resolve("model.safetensors")))
        .isLessThan(config.parameterCount() * 2 + 16_384);
  }

  private static double mean(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double std(float[] x) {
    double m = mean(x);
    double s = 0;
    for (float v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / x.length);
  }
}
