package io.postrain.inference.rest;

import io.postrain.events.ModelReference;
import io.postrain.inference.rest.model.ModelList;
import io.postrain.inference.service.LoadedModel;
import io.postrain.inference.service.ModelCatalog;
import io.postrain.inference.service.ModelVersionView;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models} (OpenAI's list) and {@code GET /v1/models/{name}} (its versions). */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  @Inject ModelCatalog catalog;

  /** Every loaded version and each model's {@code latest} alias. */
  @GET
  public ModelList list() {
    List<ModelList.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, List<LoadedModel>> e : catalog.loaded().entrySet()) {
      for (LoadedModel m : e.getValue()) {
        entries.add(entry(m.id(), m));
      }
      LoadedModel latest = e.getValue().get(e.getValue().size() - 1);
      entries.add(entry(e.getKey() + ":" + ModelReference.LATEST, latest));
    }
    return new ModelList("list", entries);
  }

  /** Every version of a model the service knows, failed ones included. */
  @GET
  @Path("{name}")
  public List<ModelVersionView> versions(@PathParam("name") String name) {
    RequestNames.name("name", name);
    List<ModelVersionView> versions = catalog.versions(name);
    if (versions.isEmpty()) {
      throw ApiException.notFound(
          "no model named '" + name + "': known are " + catalog.loaded().keySet());
    }
    return versions;
  }

  private static ModelList.Entry entry(String id, LoadedModel m) {
    return new ModelList.Entry(
        id, "model", m.loadedAt().getEpochSecond(), "postrain", m.name(), m.version());
  }
}
