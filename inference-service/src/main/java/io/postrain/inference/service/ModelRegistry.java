package io.postrain.inference.service;

import io.postrain.events.ModelReference;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The loaded model versions by name, oldest first; the newest is the model's {@code latest}.
 * Installing a version swaps {@code latest} atomically; versions beyond {@link
 * InferenceConfig#loadedVersionsPerModel()} are retired and closed once idle.
 */
@ApplicationScoped
public class ModelRegistry {

  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

  @Inject InferenceConfig config;

  private final Map<String, List<LoadedModel>> models = new TreeMap<>();

  /**
   * The version a reference names, counted as in use until {@link LoadedModel#release()}.
   *
   * @param field the request field holding the reference, for errors
   * @throws ApiException 400 naming the served models when the model or version is unknown
   */
  public synchronized LoadedModel acquire(String field, ModelReference ref) {
    List<LoadedModel> versions = models.get(ref.name());
    if (versions == null || versions.isEmpty()) {
      throw ApiException.badRequest(
          field, "unknown model '" + ref.name() + "': served models are " + describe());
    }
    LoadedModel chosen =
        ref.newest()
            ? versions.get(versions.size() - 1)
            : versions.stream()
                .filter(m -> m.version().equals(ref.version()))
                .findFirst()
                .orElse(null);
    if (chosen == null) {
      throw ApiException.badRequest(
          field,
          "model '"
              + ref.name()
              + "' has no loaded version '"
              + ref.version()
              + "': loaded are "
              + versions.stream().map(LoadedModel::version).toList()
              + " (and latest)");
    }
    if (!chosen.acquire()) {
      throw new IllegalStateException(chosen.id() + " is retired but still registered");
    }
    return chosen;
  }

  /** Makes a loaded version the newest of its model; retires the versions beyond the limit. */
  public void install(LoadedModel model) {
    List<LoadedModel> retired = new ArrayList<>();
    synchronized (this) {
      List<LoadedModel> versions = models.computeIfAbsent(model.name(), k -> new ArrayList<>());
      versions.removeIf(
          old -> {
            boolean same = old.version().equals(model.version());
            if (same) {
              retired.add(old);
            }
            return same;
          });
      versions.add(model);
      while (versions.size() > config.loadedVersionsPerModel()) {
        retired.add(versions.remove(0));
      }
    }
    LOG.infof("model %s is now %s:latest", model.id(), model.name());
    retired.forEach(LoadedModel::retire);
  }

  /** Whether a version is loaded. */
  public synchronized boolean isLoaded(String name, String version) {
    return models.getOrDefault(name, List.of()).stream().anyMatch(m -> m.version().equals(version));
  }

  /** The newest version of a model, if any is loaded. */
  public synchronized Optional<LoadedModel> latest(String name) {
    List<LoadedModel> versions = models.getOrDefault(name, List.of());
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** Every loaded version by model name, oldest first. */
  public synchronized Map<String, List<LoadedModel>> loaded() {
    Map<String, List<LoadedModel>> copy = new LinkedHashMap<>();
    models.forEach((name, versions) -> copy.put(name, List.copyOf(versions)));
    return copy;
  }

  /** Whether at least one model can serve. */
  public synchronized boolean hasModel() {
    return models.values().stream().anyMatch(v -> !v.isEmpty());
  }

  /** Retires every version (at shutdown); each closes once idle. */
  public void retireAll() {
    List<LoadedModel> all = new ArrayList<>();
    synchronized (this) {
      models.values().forEach(all::addAll);
      models.clear();
    }
    all.forEach(LoadedModel::retire);
  }

  private String describe() {
    if (models.isEmpty()) {
      return "none (no model is loaded yet)";
    }
    return models.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + " (versions "
                    + e.getValue().stream().map(LoadedModel::version).toList()
                    + ")")
        .collect(Collectors.joining(", "));
  }
}
