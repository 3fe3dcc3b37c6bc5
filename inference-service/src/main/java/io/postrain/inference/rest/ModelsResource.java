package io.postrain.inference.rest;

import io.postrain.events.ModelReference;
import io.postrain.inference.api.ModelList;
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
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code GET /v1/models} (OpenAI's list), {@code GET /v1/models/{id}} (OpenAI's model object, for
 * any id of the list or a bare name) and {@code GET /v1/models/{name}/versions} (a model's
 * versions, failed ones included). Errors are in OpenAI's shape.
 */
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

  /** One servable reference: {@code name:version}, {@code name:latest} or {@code name}. */
  @GET
  @Path("{id}")
  public ModelList.Entry retrieve(@PathParam("id") String id) {
    ModelReference ref = RequestNames.modelReference("model", id);
    List<LoadedModel> loaded = catalog.loaded().getOrDefault(ref.name(), List.of());
    LoadedModel found =
        ref.newest()
            ? (loaded.isEmpty() ? null : loaded.get(loaded.size() - 1))
            : loaded.stream()
                .filter(m -> m.version().equals(ref.version()))
                .findFirst()
                .orElse(null);
    if (found == null) {
      List<String> ids = list().data().stream().map(ModelList.Entry::id).toList();
      throw new OpenAiErrors.Refusal(
          404,
          "model",
          "model_not_found",
          "The model '" + id + "' does not exist: served are " + ids);
    }
    return entry(id, found);
  }

  /** Every version of a model the service knows, failed ones included. */
  @GET
  @Path("{name}/versions")
  public List<ModelVersionView> versions(@PathParam("name") String name) {
    RequestNames.name("name", name);
    List<ModelVersionView> versions = catalog.versions(name);
    if (versions.isEmpty()) {
      throw new OpenAiErrors.Refusal(
          404,
          "name",
          "model_not_found",
          "no model named '" + name + "': known are " + catalog.loaded().keySet());
    }
    return versions;
  }

  private static ModelList.Entry entry(String id, LoadedModel m) {
    return new ModelList.Entry(
        id, "model", m.loadedAt().getEpochSecond(), "postrain", m.name(), m.version());
  }

  @ServerExceptionMapper
  public Response refusal(OpenAiErrors.Refusal e) {
    return OpenAiErrors.of(e);
  }

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    return OpenAiErrors.of(e);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    return OpenAiErrors.of(e);
  }
}
