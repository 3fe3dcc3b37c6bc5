package io.postrain.trainer.rest;

import io.postrain.service.ApiException;
import io.postrain.trainer.api.DatasetView;
import io.postrain.trainer.repository.RowKind;
import io.postrain.trainer.service.DatasetService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Materialised datasets: how many rows the trainer holds. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

  @Inject DatasetService datasets;

  /** Row counts of a dataset; 404 when the trainer holds no row of it. */
  @GET
  @Path("/{id}")
  @Blocking
  public DatasetView get(@PathParam("id") String id) {
    long pairs = datasets.count(id, RowKind.PREFERENCE);
    long sft = datasets.count(id, RowKind.SFT);
    if (pairs + sft == 0) {
      throw ApiException.notFound("no rows of dataset " + id);
    }
    return new DatasetView(id, pairs, sft);
  }
}
