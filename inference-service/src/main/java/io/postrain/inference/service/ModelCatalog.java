package io.postrain.inference.service;

import io.postrain.inference.repository.ModelVersionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the service serves and what it was told about: the registry joined with stored versions. */
@ApplicationScoped
public class ModelCatalog {

  @Inject ModelRegistry registry;

  /** Every loaded version by model name, oldest first. */
  public Map<String, List<LoadedModel>> loaded() {
    return registry.loaded();
  }

  /** The loaded and the stored versions of a model (base first, then oldest first). */
  @Transactional
  public List<ModelVersionView> versions(String name) {
    List<LoadedModel> loaded = registry.loaded().getOrDefault(name, List.of());
    String latest = loaded.isEmpty() ? null : loaded.get(loaded.size() - 1).version();
    List<ModelVersionView> out = new ArrayList<>();
    List<ModelVersionEntity> stored =
        ModelVersionEntity.list("modelName = ?1 order by createdAt, id", name);
    for (LoadedModel m : loaded) {
      boolean isStored = stored.stream().anyMatch(v -> v.version.equals(m.version()));
      if (!isStored) {
        out.add(
            view(
                m.version(), "READY", true, m.version().equals(latest), m.path().toString(), null));
      }
    }
    for (ModelVersionEntity v : stored) {
      Optional<LoadedModel> live =
          loaded.stream().filter(m -> m.version().equals(v.version)).findFirst();
      out.add(
          view(
              v.version,
              v.status.name(),
              live.isPresent(),
              v.version.equals(latest),
              v.path,
              v.error));
    }
    return out;
  }

  private static ModelVersionView view(
      String version, String status, boolean loaded, boolean latest, String path, String error) {
    return new ModelVersionView(version, status, loaded, latest, path, error);
  }
}
