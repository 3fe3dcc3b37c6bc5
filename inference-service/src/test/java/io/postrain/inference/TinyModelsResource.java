package io.postrain.inference;

import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.RandomCheckpoint;
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
 * model's versions use {@code mini}, so {@code tiny:latest} stays the base for the others.
 */
public class TinyModelsResource implements QuarkusTestResourceLifecycleManager {

  /** The model whose versions never change. */
  public static final String TINY = "tiny";

  /** The model that receives updates in tests. */
  public static final String MINI = "mini";

  private Path root;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("postrain-models");
      writeCheckpoint(root.resolve(TINY), 7);
      writeCheckpoint(root.resolve(MINI), 8);
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
