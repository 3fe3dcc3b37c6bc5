package io.postrain.lm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLoaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static NDManager manager;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  private static ModelConfig qwen3() {
    return RandomCheckpoint.tinyConfig("qwen3");
  }

  private static Map<String, float[]> weights(ModelConfig config) {
    return RandomCheckpoint.weights(config, new RandomCheckpoint.Options(7, "float32", 0.02, true));
  }

  /** Writes a single safetensors file holding exactly the given tensors. */
  private static void writeWeights(
      Path file, Map<String, float[]> tensors, Map<String, long[]> shapes) {
    SafetensorsWriter writer = new SafetensorsWriter(SafetensorsDtype.F32);
    tensors.forEach((name, data) -> writer.add(name, data, shapes.get(name)));
    writer.write(file);
  }

  @Test
  void loadsWhatTheWriterWroteInConfigOrder() {
    ModelConfig config = RandomCheckpoint.tinyConfig("qwen2");
    Map<String, float[]> expected = weights(config);
    CheckpointWriter.writeFloats(
        dir, config, expected, CheckpointWriter.Options.of(SafetensorsDtype.F32));
    try (NDManager m = manager.newSubManager()) {
      Map<String, NDArray> loaded = CheckpointLoader.load(dir, ModelConfig.read(dir), m);
      assertThat(loaded.keySet()).containsExactlyElementsOf(config.tensorShapes().keySet());
      for (Map.Entry<String, float[]> e : expected.entrySet()) {
        NDArray a = loaded.get(e.getKey());
        assertThat(a.getShape().getShape()).isEqualTo(config.tensorShapes().get(e.getKey()));
        assertThat(a.toFloatArray()).as(e.getKey()).containsExactly(e.getValue());
      }
    }
  }

  @Test
  void shardedWriteLoadsEqualToSingleFile() throws IOException {
    ModelConfig config = RandomCheckpoint.tinyConfig("llama");
    Map<String, float[]> expected = weights(config);
    Path single = dir.resolve("single");
    Path sharded = dir.resolve("sharded");
    CheckpointWriter.writeFloats(
        single, config, expected, CheckpointWriter.Options.of(SafetensorsDtype.BF16));
    CheckpointWriter.writeFloats(
        sharded,
        config,
        expected,
        new CheckpointWriter.Options(SafetensorsDtype.BF16, 40_000, null));

    try (Stream<Path> files = Files.list(sharded)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      // bf16 bytes by hand: embed 272*64*2 = 34816; per layer norms 128 each, q/o 8192, k/v 4096,
      // gate/up/down 16384; greedy under 40000: [embed, norm], [q, k, v, o, post_norm],
      // [gate, up], [down, norm, q, k, v], [o, post_norm, gate], [up, down, model.norm], [lm_head]
      assertThat(names.stream().filter(n -> n.startsWith("model-")))
          .containsExactly(
              "model-00001-of-00007.safetensors",
              "model-00002-of-00007.safetensors",
              "model-00003-of-00007.safetensors",
              "model-00004-of-00007.safetensors",
              "model-00005-of-00007.safetensors",
              "model-00006-of-00007.safetensors",
              "model-00007-of-00007.safetensors");
      assertThat(names).contains("model.safetensors.index.json");
      assertThat(names).doesNotContain("model.safetensors");
    }
    var index = JSON.readTree(sharded.resolve("model.safetensors.index.json").toFile());
    assertThat(index.path("weight_map").path("lm_head.weight").asText())
        .isEqualTo("model-00007-of-00007.safetensors");
    long params = config.parameterCount();
    assertThat(index.path("metadata").path("total_size").asLong()).isEqualTo(params * 2);
    assertThat(ModelConfig.read(sharded).torchDtype()).isEqualTo("bfloat16");

    try (NDManager m = manager.newSubManager()) {
      Map<String, NDArray> a = CheckpointLoader.load(single, config, m);
      Map<String, NDArray> b = CheckpointLoader.load(sharded, config, m);
      assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
      for (String name : a.keySet()) {
        assertThat(b.get(name).toFloatArray()).as(name).containsExactly(a.get(name).toFloatArray());
      }
      // bf16 storage: each value is the nearest-even bf16 of the f32 weight
      float[] w = expected.get("model.layers.1.mlp.down_proj.weight");
      float[] stored = a.get("model.layers.1.mlp.down_proj.weight").toFloatArray();
      for (int i = 0; i < 50; i++) {
        float rounded = Float.intBitsToFloat((SafetensorsDtype.floatToBf16(w[i]) & 0xFFFF) << 16);
        assertThat(stored[i]).isEqualTo(rounded);
        assertThat(Math.abs(stored[i] - w[i])).isLessThanOrEqualTo(Math.abs(w[i]) / 256);
      }
    }
  }

  @Test
  void rewritingAsOneFileRemovesOldShards() throws IOException {
    ModelConfig config = qwen3();
    CheckpointWriter.writeFloats(
        dir,
        config,
        weights(config),
        new CheckpointWriter.Options(SafetensorsDtype.F32, 30_000, null));
    assertThat(dir.resolve("model.safetensors.index.json")).exists();
    CheckpointWriter.writeFloats(
        dir, config, weights(config), CheckpointWriter.Options.of(SafetensorsDtype.F32));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("safetensors")))
          .containsExactly("model.safetensors");
    }
  }

  @Test
  void ndArrayWeightsAreWrittenAndGenerationConfigAndTokenizerFilesCopied() throws IOException {
    ModelConfig config = qwen3();
    Path source = dir.resolve("source");
    RandomCheckpoint.write(source, config, 3, "float32");
    Path copy = dir.resolve("copy");
    try (NDManager m = manager.newSubManager()) {
      Map<String, NDArray> loaded = CheckpointLoader.load(source, config, m);
      CheckpointWriter.write(
          copy, config, loaded, new CheckpointWriter.Options(SafetensorsDtype.F32, 0, source));
      Map<String, NDArray> again = CheckpointLoader.load(copy, config, m);
      for (String name : loaded.keySet()) {
        assertThat(again.get(name).toFloatArray())
            .as(name)
            .containsExactly(loaded.get(name).toFloatArray());
      }
    }
    assertThat(copy.resolve("tokenizer.json"))
        .hasSameBinaryContentAs(source.resolve("tokenizer.json"));
    assertThat(copy.resolve("tokenizer_config.json")).exists();
    var gen = JSON.readTree(copy.resolve("generation_config.json").toFile());
    assertThat(gen.path("eos_token_id").asInt()).isEqualTo(258);
    assertThat(gen.has("bos_token_id")).isFalse();
  }

  @Test
  void missingTensorIsNamedWithItsFileAndShape() {
    ModelConfig config = qwen3();
    Map<String, float[]> w = new LinkedHashMap<>(weights(config));
    w.remove("model.layers.1.self_attn.k_norm.weight");
    writeWeights(dir.resolve("model.safetensors"), w, config.tensorShapes());
    config.write(dir);
    assertThatThrownBy(() -> CheckpointLoader.load(dir, config, manager))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("missing tensor 'model.layers.1.self_attn.k_norm.weight'")
        .hasMessageContaining("[16]");
  }

  @Test
  void extraTensorIsRejectedButATiedLmHeadIsIgnored() {
    ModelConfig config = qwen3();
    Map<String, long[]> shapes = new LinkedHashMap<>(config.tensorShapes());
    Map<String, float[]> w = new LinkedHashMap<>(weights(config));
    shapes.put("lm_head.weight", new long[] {config.vocabSize(), config.hiddenSize()});
    w.put("lm_head.weight", new float[config.vocabSize() * config.hiddenSize()]);
    writeWeights(dir.resolve("model.safetensors"), w, shapes);
    try (NDManager m = manager.newSubManager()) {
      assertThat(CheckpointLoader.load(dir, config, m))
          .doesNotContainKey("lm_head.weight")
          .hasSize(shapes.size() - 1);
    }

    shapes.put("model.layers.2.mlp.up_proj.weight", new long[] {4});
    w.put("model.layers.2.mlp.up_proj.weight", new float[4]);
    writeWeights(dir.resolve("model.safetensors"), w, shapes);
    assertThatThrownBy(() -> CheckpointLoader.load(dir, config, manager))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(
            "model.safetensors: unexpected tensor 'model.layers.2.mlp.up_proj.weight'");
  }

  @Test
  void wrongShapeGivesExpectedAndActual() {
    ModelConfig config = qwen3();
    Map<String, long[]> shapes = new LinkedHashMap<>(config.tensorShapes());
    shapes.put("model.layers.0.mlp.gate_proj.weight", new long[] {64, 128}); // transposed
    writeWeights(dir.resolve("model.safetensors"), weights(config), shapes);
    assertThatThrownBy(() -> CheckpointLoader.load(dir, config, manager))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors: tensor 'model.layers.0.mlp.gate_proj.weight'")
        .hasMessageContaining("has shape [64, 128], expected [128, 64]");
  }

  @Test
  void truncatedFileNamesFileAndTensor() throws IOException {
    ModelConfig config = qwen3();
    CheckpointWriter.writeFloats(
        dir, config, weights(config), CheckpointWriter.Options.of(SafetensorsDtype.F32));
    Path file = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> CheckpointLoader.load(dir, config, manager))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors is truncated")
        .hasMessageContaining("'model.norm.weight'");
  }

  @Test
  void absentShardAndTensorMissingFromItsShardAreNamed() throws IOException {
    ModelConfig config = qwen3();
    CheckpointWriter.writeFloats(
        dir,
        config,
        weights(config),
        new CheckpointWriter.Options(SafetensorsDtype.F32, 30_000, null));
    Path indexFile = dir.resolve("model.safetensors.index.json");
    ObjectNode index = (ObjectNode) JSON.readTree(indexFile.toFile());
    String shardOfNorm = index.path("weight_map").path("model.norm.weight").asText();

    String firstShard = index.path("weight_map").path("model.embed_tokens.weight").asText();
    assertThat(firstShard).startsWith("model-00001-of-").isNotEqualTo(shardOfNorm);
    ObjectNode misplaced = index.deepCopy();
    ((ObjectNode) misplaced.get("weight_map")).put("model.norm.weight", firstShard);
    JSON.writeValue(indexFile.toFile(), misplaced);
    assertThatThrownBy(() -> CheckpointLoader.load(dir, config, manager))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors.index.json")
        .hasMessageContaining("'model.norm.weight'")
        .hasMessageContaining(firstShard + ", which does not hold it");

    JSON.writeValue(indexFile.toFile(), index);
    Files.delete(dir.resolve(shardOfNorm));
    assertThatThrownBy(() -> CheckpointLoader.load(dir, config, manager))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors.index.json")
        .hasMessageContaining(shardOfNorm)
        .hasMessageContaining("does not exist");
  }

  @Test
  void noWeightsAndUnsupportedModelTypeAreExplained() throws IOException {
    ModelConfig config = qwen3();
    config.write(dir);
    assertThatThrownBy(() -> CheckpointLoader.load(dir, config, manager))
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("model.safetensors.index.json");
    ObjectNode json = config.toJson();
    json.put("model_type", "gpt2");
    JSON.writeValue(dir.resolve("config.json").toFile(), json);
    assertThatThrownBy(() -> ModelConfig.read(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("'gpt2'")
        .hasMessageContaining("qwen3, qwen2, llama");
  }
}
