package io.postrain.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.events.InvalidEventException;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.events.Names;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.inference.repository.ModelVersionEntity;
import io.postrain.inference.repository.ModelVersionStatus;
import io.postrain.lm.checkpoint.LanguageModel;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads model versions into the {@link ModelRegistry}: at startup (in the background) the base
 * models of the models directory and the trained versions the service knew before a restart; later
 * each version announced on {@code model-updates}. A version that fails to load is recorded FAILED
 * with the reason and never served.
 *
 * <p>Restart: every announced version is recorded in table {@code model_version}. At startup the
 * newest {@link InferenceConfig#loadedVersionsPerModel()} READY versions of each model are loaded
 * again, oldest first, so the newest is {@code latest} as before. Announcements wait until that is
 * done (a version announced while the service was down becomes latest after the restored ones), and
 * an announcement of a version already recorded (a redelivery, e.g. after offsets were lost) is
 * ignored: it never reloads an older version over newer ones nor retries a FAILED one.
 *
 * <p>Nothing outside the two roots is read: an announced (or restored) version is loaded only from
 * the model store's {@code <modelName>/<version>} directory, and a base model only from a directory
 * of the models directory whose name follows {@link Names#RULE}, symbolic links resolved. An
 * announcement naming another path is refused as a bad record (dead letter with the reason).
 */
@ApplicationScoped
public class ModelLoader {

  private static final Logger LOG = Logger.getLogger(ModelLoader.class);

  /** The version name of a model found in the models directory. */
  public static final String BASE = "base";

  @Inject InferenceConfig config;

  @Inject ModelRegistry registry;

  @Inject MeterRegistry meters;

  /** The model store the trainer writes to (the same {@code postrain.model-store}). */
  @ConfigProperty(name = "postrain.model-store")
  Path store;

  /** Open once the startup loading (base models and known versions) has finished. */
  private final CountDownLatch startupLoaded = new CountDownLatch(1);

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
    return startupLoaded.getCount() == 0;
  }

  private void loadAtStartup() {
    try {
      for (Path dir : baseModelDirs()) {
        String name = dir.getFileName().toString();
        insideModelsDir(dir)
            .flatMap(checked -> tryLoad(name, BASE, checked))
            .ifPresent(registry::install);
      }
      restoreKnownVersions();
    } catch (RuntimeException e) {
      LOG.error("loading models at startup failed", e);
    } finally {
      startupLoaded.countDown();
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
        Path dir;
        try {
          dir = storedVersion(v.modelName, v.version, v.path);
        } catch (InvalidEventException e) {
          LOG.errorf("not restoring %s:%s: %s", v.modelName, v.version, e.getMessage());
          continue;
        }
        LOG.infof("restoring %s:%s from %s", v.modelName, v.version, dir);
        tryLoad(v.modelName, v.version, dir).ifPresent(registry::install);
      }
    }
  }

  /**
   * Loads an announced version and makes it latest; a missing or broken checkpoint is recorded
   * FAILED with the reason and leaves the served versions as they were. Waits until the startup
   * loading is done. A version already known (loaded, or recorded READY or FAILED before) is left
   * alone: the announcement is a redelivery. Counted by {@code postrain.inference.model.updates}
   * with tag {@code outcome} = {@code loaded}, {@code failed} or {@code known}.
   *
   * @return the version's status after the update
   * @throws InvalidEventException naming {@code path} when it is not the store's {@code
   *     <modelName>/<version>} directory (symlinks resolved): the record is refused, not recorded
   */
  public ModelVersionStatus applyUpdate(ModelUpdateEvent update) {
    Path path = storedVersion(update.modelName(), update.version(), update.path());
    awaitStartupLoading();
    Optional<ModelVersionStatus> known = knownStatus(update.modelName(), update.version());
    if (known.isPresent()) {
      LOG.infof(
          "%s:%s is known (%s); update %s ignored as a redelivery",
          update.modelName(), update.version(), known.get(), update.id());
      countUpdate("known");
      return known.get();
    }
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
    record(update, path, status, problem);
    if (model == null) {
      LOG.errorf("model update %s:%s refused: %s", update.modelName(), update.version(), problem);
      countUpdate("failed");
      return status;
    }
    registry.install(new LoadedModel(update.modelName(), update.version(), path, model));
    countUpdate("loaded");
    return status;
  }

  private void awaitStartupLoading() {
    try {
      startupLoaded.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the startup loading", e);
    }
  }

  /** The status of a version that is loaded or recorded, if it is. */
  private Optional<ModelVersionStatus> knownStatus(String name, String version) {
    if (registry.isLoaded(name, version)) {
      return Optional.of(ModelVersionStatus.READY);
    }
    return QuarkusTransaction.requiringNew()
        .call(() -> ModelVersionEntity.find(name, version).map(v -> v.status));
  }

  private void countUpdate(String outcome) {
    meters.counter("postrain.inference.model.updates", "outcome", outcome).increment();
  }

  private Optional<LoadedModel> tryLoad(String name, String version, Path dir) {
    String problem = checkpointProblem(dir);
    if (problem != null) {
      LOG.errorf("cannot load %s:%s: %s", name, version, problem);
      return Optional.empty();
    }
    try {
      return Optional.of(new LoadedModel(name, version, dir, LanguageModel.load(dir)));
    } catch (RuntimeException e) {
      LOG.errorf(e, "cannot load %s:%s from %s", name, version, dir);
      return Optional.empty();
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

  private void record(ModelUpdateEvent update, Path path, ModelVersionStatus status, String error) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ModelVersionEntity v = new ModelVersionEntity();
              v.id = UUID.randomUUID().toString();
              v.modelName = update.modelName();
              v.version = update.version();
              v.path = path.toString();
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

  /**
   * The directory of a stored version: {@code path} when it is the store's {@code
   * <modelName>/<version>} directory once symlinks are resolved.
   *
   * @throws InvalidEventException naming {@code path} otherwise
   */
  private Path storedVersion(String modelName, String version, String path) {
    try {
      Path expected = Names.inside(store, modelName, version);
      Path given = Names.checkInside(store, Path.of(path));
      if (!given.equals(expected)) {
        throw new IllegalArgumentException(
            "it is not the store's directory of " + modelName + ":" + version + ", " + expected);
      }
      return given;
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          "path",
          "path "
              + path
              + " is refused: "
              + e.getMessage()
              + "; accepted is the model store's <modelName>/<version> directory ("
              + store
              + ", postrain.model-store)");
    }
  }

  /** A base model directory checked by the name rule and to stay inside the models dir. */
  private Optional<Path> insideModelsDir(Path dir) {
    String name = dir.getFileName().toString();
    if (!Names.valid(name)) {
      LOG.warnf("base model directory %s skipped: its name is not %s", dir, Names.RULE);
      return Optional.empty();
    }
    try {
      return Optional.of(Names.checkInside(config.modelsDir(), dir));
    } catch (IllegalArgumentException e) {
      LOG.warnf("base model directory %s skipped: %s", dir, e.getMessage());
      return Optional.empty();
    }
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
