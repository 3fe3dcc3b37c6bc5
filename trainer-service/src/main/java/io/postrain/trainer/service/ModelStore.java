package io.postrain.trainer.service;

import io.postrain.events.ModelReference;
import io.postrain.events.Names;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import io.postrain.train.DpoConfig;
import io.postrain.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * <p>A directory is a model when it holds {@code config.json}. Names and versions follow {@link
 * Names#RULE}, and every path this class reads, writes or deletes is checked to stay inside its
 * root (the store or the models dir) with symbolic links resolved: a link in the store that leads
 * outside is refused like a {@code ..}.
 */
@ApplicationScoped
public class ModelStore {

  /** The directory of the job work dirs, inside the store. */
  private static final String JOBS = ".jobs";

  private static final Pattern VERSION = Pattern.compile("v([0-9]{1,9})");

  @Inject TrainerConfig config;

  @ConfigProperty(name = "postrain.model-store")
  Path store;

  /** The model store's root. */
  public Path root() {
    return store;
  }

  /**
   * Finds a model: {@code name} (a base model in the models dir, else the newest version in the
   * store), {@code name:latest} (the newest version in the store) or {@code name:version}.
   *
   * @return the model's directory, or empty when there is no such model
   * @throws IllegalArgumentException when the model's directory would leave its root (a link)
   */
  public Optional<Path> resolve(ModelReference ref) {
    if (ref.version() == null) {
      Path base = Names.inside(config.modelsDir(), ref.name());
      if (isModel(base)) {
        return Optional.of(base);
      }
      return latest(ref.name());
    }
    if (ref.newest()) {
      return latest(ref.name());
    }
    Path dir = Names.inside(store, ref.name(), ref.version());
    return isModel(dir) ? Optional.of(dir) : Optional.empty();
  }

  /**
   * The directory of the model a request field names.
   *
   * @param field the field holding the reference, e.g. {@code baseModel}
   * @param what the model's role in words, e.g. {@code base model}
   * @throws ApiException 400 naming the field for a malformed reference, an unknown model or one
   *     whose directory leads outside its root
   */
  public Path require(String field, String what, String ref) {
    ModelReference parsed = RequestNames.modelReference(field, ref);
    Optional<Path> dir;
    try {
      dir = resolve(parsed);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field, field + " '" + ref + "' is refused: " + e.getMessage());
    }
    return dir.orElseThrow(
        () ->
            ApiException.badRequest(
                field, "unknown " + what + " '" + ref + "': accepted is " + describeAccepted()));
  }

  /**
   * A DPO config's {@code refModelPath}, a model reference in a job, replaced by the directory of
   * that model; any other config as it is. A file path is refused: the reference model, like the
   * base model, comes from the models dir or the store.
   *
   * @throws ApiException 400 naming {@code config.refModelPath}
   */
  public DpoConfig withReferenceModel(DpoConfig dpo) {
    if (dpo == null || dpo.refModelPath() == null) {
      return dpo;
    }
    Path dir = require("config.refModelPath", "reference model", dpo.refModelPath());
    return dpo.toBuilder().refModelPath(dir.toString()).build();
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
    return Names.checkInside(store, store.resolve(JOBS).resolve(Names.check("jobId", jobId)));
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
      Path modelDir = Names.inside(store, model);
      Files.createDirectories(modelDir);
      String version = "v" + (highestVersion(modelDir) + 1);
      Path staging = Names.checkInside(store, modelDir.resolve("." + version + ".staging"));
      deleteTree(staging);
      Files.createDirectories(staging);
      try (Stream<Path> files = Files.list(workDir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(file, staging.resolve(file.getFileName()));
        }
      }
      Path target = Names.inside(store, model, version);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot store the trained model of " + workDir + " as " + model + ": " + e, e);
    }
  }

  /**
   * Deletes a directory tree inside the store if it exists; links in it are deleted, not followed.
   *
   * @throws IllegalArgumentException when {@code dir} is not inside the store (symlinks resolved)
   */
  public void deleteTree(Path dir) throws IOException {
    Path inside = Names.checkInside(store, dir);
    if (!Files.exists(inside, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(inside)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private Optional<Path> latest(String name) {
    Path modelDir = Names.inside(store, name);
    int highest = highestVersion(modelDir);
    if (highest == 0) {
      return Optional.empty();
    }
    Path dir = Names.inside(store, name, "v" + highest);
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
