package io.postrain.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A models directory with two tiny random Qwen3 checkpoints, {@code tiny} (seed 7) and {@code mini}
 * (seed 8), for the application's {@code postrain.inference.models-dir}, and an empty model store
 * ({@code postrain.model-store}, a hidden directory of it, so no base model). Tests that change a
 * model's versions use {@code mini}, so {@code tiny:latest} stays the base for the others. {@code
 * qtiny} (seed 9) has Qwen3's chat template, read from the tokenizer at {@code
 * $POSTRAIN_QWEN3_TOKENIZER}, which renders tools.
 */
public class TinyModelsResource implements QuarkusTestResourceLifecycleManager {

  /** The model whose versions never change. */
  public static final String TINY = "tiny";

  /** The model that receives updates in tests. */
  public static final String MINI = "mini";

  /** The model with Qwen3's chat template (tools, tool_calls, tool turns). */
  public static final String QTINY = "qtiny";

  private Path root;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("postrain-models");
      writeCheckpoint(root.resolve(TINY), 7);
      writeCheckpoint(root.resolve(MINI), 8);
      // Qwen3's tool instructions alone are ~700 byte-level tokens: a longer context than 512
      RandomCheckpoint.write(
          root.resolve(QTINY),
          ModelConfigBuilder.tiny("qwen3").maxPositionEmbeddings(2048).build(),
          9,
          "float32");
      Files.writeString(root.resolve(QTINY).resolve("chat_template.jinja"), qwen3Template());
      return Map.of(
          "postrain.inference.models-dir",
          root.toString(),
          "postrain.model-store",
          Files.createDirectories(root.resolve(".store")).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a tiny random Qwen3 checkpoint (float32) into dir. */
  public static Path writeCheckpoint(Path dir, long seed) {
    return RandomCheckpoint.write(dir, ModelConfigBuilder.tiny("qwen3").build(), seed, "float32");
  }

  /** Qwen3's chat template from the tokenizer_config.json at $POSTRAIN_QWEN3_TOKENIZER. */
  public static String qwen3Template() throws IOException {
    String dir = System.getenv("POSTRAIN_QWEN3_TOKENIZER");
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "POSTRAIN_QWEN3_TOKENIZER is not set: point it at a Qwen3 tokenizer directory, e.g."
              + " shared/fixtures/qwen3-tokenizer");
    }
    JsonNode config =
        new ObjectMapper().readTree(Path.of(dir).resolve("tokenizer_config.json").toFile());
    return config.get("chat_template").asText();
  }

  @Override
  public void stop() {
    if (root == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
