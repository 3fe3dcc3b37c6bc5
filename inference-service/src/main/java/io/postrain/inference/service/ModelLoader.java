package io.postrain.inference.service;

import io.postrain.events.ModelUpdateEvent;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.inference.repository.ModelVersionEntity;
import io.postrain.inference.repository.ModelVersionStatus;
import io.postrain.lm.LanguageModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads model versions into the {@link ModelRegistry}: at startup (in the background) the base
 * models of the models directory and the trained versions the service knew before a restart; later
 * each version announced on {@code model-updates}. A version that fails to load is recorded FAILED
 * with the reason and never served.
 */
@ApplicationScoped
public class ModelLoader {

  private static final Logger LOG = Logger.getLogger(ModelLoader.class);

  /** The version name of a model found in the models directory. */
  public static final String BASE = "base";

  @Inject InferenceConfig config;

  @Inject ModelRegistry registry;

  private volatile boolean startupDone;

  void onStart(@Observes StartupEvent event) {
    Thread loader = new Thread(this::loadAtStartup, "model-loader");
    loader.setDaemon(true);
    loader.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    registry.retireAll();
  }

  /** Whether the startup loading (base models and known versions) has finished. */
  public boolean startupDone() {
    return startupDone;
  }

  private void loadAtStartup() {
    try {
      for (Path dir : baseModelDirs()) {
        String name = dir.getFileName().toString();
        tryLoad(name, BASE, dir).ifPresent(registry::install);
      }
      restoreKnownVersions();
    } catch (RuntimeException e) {
      LOG.error("loading models at startup failed", e);
    } finally {
      startupDone = true;
    }
  }

  /** Loads the newest known READY versions of each model, oldest first, so the newest is latest. */
  private void restoreKnownVersions() {
    List<ModelVersionEntity> ready =
        QuarkusTransaction.requiringNew().call(ModelVersionEntity::ready);
    Map<String, List<ModelVersionEntity>> byModel = new LinkedHashMap<>();
    ready.forEach(v -> byModel.computeIfAbsent(v.modelName, k -> new ArrayList<>()).add(v));
    int keep = config.loadedVersionsPerModel();
    for (List<ModelVersionEntity> versions : byModel.values()) {
      for (ModelVersionEntity v :
          versions.subList(Math.max(0, versions.size() - keep), versions.size())) {
        LOG.infof("restoring %s:%s from %s", v.modelName, v.version, v.path);
        tryLoad(v.modelName, v.version, Path.of(v.path)).ifPresent(registry::install);
      }
    }
  }

  /**
   * Loads an announced version and makes it latest; a missing or broken checkpoint is recorded
   * FAILED with the reason and leaves the served versions as they were. A version already loaded is
   * left alone (a redelivered announcement).
   *
   * @return the version's status after the update
   */
  public ModelVersionStatus applyUpdate(ModelUpdateEvent update) {
    if (registry.isLoaded(update.modelName(), update.version())) {
      LOG.infof(
          "%s:%s is already loaded; update %s ignored",
          update.modelName(), update.version(), update.id());
      return ModelVersionStatus.READY;
    }
    Path path = Path.of(update.path());
    String problem = checkpointProblem(path);
    LanguageModel model = null;
    if (problem == null) {
      try {
        model = LanguageModel.load(path);
      } catch (RuntimeException e) {
        problem = "cannot load the checkpoint at " + path + ": " + e.getMessage();
      }
    }
    ModelVersionStatus status =
        problem == null ? ModelVersionStatus.READY : ModelVersionStatus.FAILED;
    record(update, status, problem);
    if (model == null) {
      LOG.errorf("model update %s:%s refused: %s", update.modelName(), update.version(), problem);
      return status;
    }
    registry.install(new LoadedModel(update.modelName(), update.version(), path, model));
    return status;
  }

  private java.util.Optional<LoadedModel> tryLoad(String name, String version, Path dir) {
    String problem = checkpointProblem(dir);
    if (problem != null) {
      LOG.errorf("cannot load %s:%s: %s", name, version, problem);
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new LoadedModel(name, version, dir, LanguageModel.load(dir)));
    } catch (RuntimeException e) {
      LOG.errorf(e, "cannot load %s:%s from %s", name, version, dir);
      return java.util.Optional.empty();
    }
  }

  private static String checkpointProblem(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "path " + dir + " is not a directory: expected a checkpoint in Hugging Face layout";
    }
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      return "path " + dir + " has no config.json: expected a checkpoint in Hugging Face layout";
    }
    return null;
  }

  private void record(ModelUpdateEvent update, ModelVersionStatus status, String error) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ModelVersionEntity v =
                  ModelVersionEntity.find(update.modelName(), update.version())
                      .orElseGet(ModelVersionEntity::new);
              if (v.id == null) {
                v.id = UUID.randomUUID().toString();
                v.modelName = update.modelName();
                v.version = update.version();
              }
              v.path = update.path();
              v.status = status;
              v.error = error == null ? null : truncate(error);
              v.updateId = update.id();
              v.createdAt = Instant.now();
              v.persist();
            });
  }

  private static String truncate(String s) {
    return s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
  }

  private List<Path> baseModelDirs() {
    Path root = config.modelsDir();
    if (!Files.isDirectory(root)) {
      LOG.warnf("models directory %s does not exist: no base model", root);
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(p -> Files.isRegularFile(p.resolve("config.json"))).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list models directory " + root + ": " + e, e);
    }
  }
}
