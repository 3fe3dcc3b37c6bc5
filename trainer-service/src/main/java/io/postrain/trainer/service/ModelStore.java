package io.postrain.trainer.service;

import io.postrain.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where models live. Base models: {@code postrain.trainer.models-dir/<name>/}. The model store:
 * {@code postrain.model-store/<name>/<version>/}, versions {@code v1}, {@code v2}, ... (one counter
 * per model name, from the versions on disk). Job work dirs: {@code <store>/.jobs/<jobId>/}.
 *
 * <p>A directory is a model when it holds {@code config.json}.
 */
@ApplicationScoped
public class ModelStore {

  /** Names of models and versions: no path separators, no leading dot. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private static final Pattern VERSION = Pattern.compile("v([0-9]{1,9})");

  @Inject TrainerConfig config;

  @ConfigProperty(name = "postrain.model-store")
  Path store;

  /** The model store's root. */
  public Path root() {
    return store;
  }

  /** Whether {@code name} is acceptable as a model name (and so a directory name). */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Finds a base model: {@code name} (a base model in the models dir, else the newest version in
   * the store), {@code name:latest} (the newest version in the store) or {@code name:version}.
   *
   * @return the model's directory, or empty when there is no such model
   */
  public Optional<Path> resolve(String ref) {
    if (ref == null) {
      return Optional.empty();
    }
    int colon = ref.indexOf(':');
    String name = colon < 0 ? ref : ref.substring(0, colon);
    String version = colon < 0 ? null : ref.substring(colon + 1);
    if (!validName(name) || (version != null && !validName(version))) {
      return Optional.empty();
    }
    if (version == null) {
      Path base = config.modelsDir().resolve(name);
      if (isModel(base)) {
        return Optional.of(base);
      }
      return latest(name);
    }
    if (version.equals("latest")) {
      return latest(name);
    }
    Path dir = store.resolve(name).resolve(version);
    return isModel(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** What {@link #resolve} accepts, for error messages. */
  public String describeAccepted() {
    return "a base model directory name under "
        + config.modelsDir()
        + ", or name, name:latest or name:version of a model in the store "
        + store;
  }

  /** The work dir of a job: trainer checkpoints and the final model before it is stored. */
  public Path workDir(String jobId) {
    return store.resolve(".jobs").resolve(jobId);
  }

  /**
   * Moves a trained model into the store as the next version of {@code model}: the model files (the
   * regular files at the top of {@code workDir}; checkpoint directories stay behind) are copied
   * into a hidden staging directory, which is then renamed atomically to {@code
   * <store>/<model>/v<n>}. Readers never see a partial version.
   *
   * @return the new version's directory
   */
  public Path publish(Path workDir, String model) {
    try {
      Path modelDir = store.resolve(model);
      Files.createDirectories(modelDir);
      String version = "v" + (highestVersion(modelDir) + 1);
      Path staging = modelDir.resolve("." + version + ".staging");
      deleteTree(staging);
      Files.createDirectories(staging);
      try (Stream<Path> files = Files.list(workDir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(file, staging.resolve(file.getFileName()));
        }
      }
      Path target = modelDir.resolve(version);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot store the trained model of " + workDir + " as " + model + ": " + e, e);
    }
  }

  /** Deletes a directory tree if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private Optional<Path> latest(String name) {
    Path modelDir = store.resolve(name);
    int highest = highestVersion(modelDir);
    if (highest == 0) {
      return Optional.empty();
    }
    Path dir = modelDir.resolve("v" + highest);
    return isModel(dir) ? Optional.of(dir) : Optional.empty();
  }

  private static int highestVersion(Path modelDir) {
    if (!Files.isDirectory(modelDir)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.list(modelDir)) {
      List<Path> all = dirs.filter(Files::isDirectory).toList();
      int highest = 0;
      for (Path dir : all) {
        Matcher m = VERSION.matcher(dir.getFileName().toString());
        if (m.matches()) {
          highest = Math.max(highest, Integer.parseInt(m.group(1)));
        }
      }
      return highest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the versions in " + modelDir + ": " + e, e);
    }
  }

  private static boolean isModel(Path dir) {
    return Files.isRegularFile(dir.resolve("config.json"));
  }
}
