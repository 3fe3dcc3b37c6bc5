package io.postrain.trainer;

import io.postrain.lm.ModelConfig;
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
 * Writes tiny random base models into a temporary models dir and points the service at it and at an
 * empty model store: {@code tiny} (1 layer, hidden 32: milliseconds per step) and {@code slow} (4
 * layers, hidden 256: slow enough per step to cancel a running job).
 */
public class TinyModelResource implements QuarkusTestResourceLifecycleManager {

  /** The fast base model. */
  public static final String TINY = "tiny";

  /** The slower base model, for cancel and resume. */
  public static final String SLOW = "slow";

  private Path root;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("trainer-service-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path models = root.resolve("base");
    RandomCheckpoint.write(models.resolve(TINY), config(32, 64, 1), 7, "float32");
    RandomCheckpoint.write(models.resolve(SLOW), config(128, 256, 2), 8, "float32");
    return Map.of(
        "postrain.trainer.models-dir", models.toString(),
        "postrain.model-store", root.resolve("store").toString());
  }

  private static ModelConfig config(int hidden, int intermediate, int layers) {
    return ModelConfigBuilder.tiny("qwen3")
        .hiddenSize(hidden)
        .intermediateSize(intermediate)
        .numHiddenLayers(layers)
        .numAttentionHeads(2)
        .numKeyValueHeads(1)
        .headDim(16)
        .build();
  }

  @Override
  public void stop() {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
