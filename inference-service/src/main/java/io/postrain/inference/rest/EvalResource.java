package io.postrain.inference.rest;

import io.postrain.inference.api.EvalRequest;
import io.postrain.inference.service.EvalService;
import io.postrain.scenario.ScenarioNames;
import io.postrain.service.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/eval}: the reference scenario's held-out evaluation (identity rate, per-skill
 * accuracy) of a served model, greedy; answers the {@code EvalReport} JSON.
 */
@Path("/v1/eval")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EvalResource {

  @Inject EvalService eval;

  /** Checks the request, evaluates and answers the report. */
  @POST
  public String evaluate(EvalRequest request) {
    if (request == null) {
      throw ApiException.badRequest(null, "request body is missing: expected a JSON object");
    }
    RequestChecks.required("model", request.model(), "name, name:version or name:latest");
    ScenarioNames names = names(request);
    long seed = request.seed() == null ? 0 : request.seed();
    int limit = request.limit() == null ? 0 : request.limit();
    if (request.limit() != null && limit < 1) {
      throw ApiException.badRequest("limit", "limit is " + limit + ": accepted is an integer >= 1");
    }
    return eval.evaluate(request.model(), names, seed, limit).toJson();
  }

  private static ScenarioNames names(EvalRequest r) {
    ScenarioNames d = ScenarioNames.DEFAULT;
    try {
      return new ScenarioNames(
          r.oldName() == null ? d.oldName() : r.oldName(),
          r.orgName() == null ? d.orgName() : r.orgName(),
          r.newName() == null ? d.newName() : r.newName());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("names", e.getMessage());
    }
  }
}
