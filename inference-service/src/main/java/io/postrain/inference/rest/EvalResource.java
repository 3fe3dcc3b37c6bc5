package io.postrain.inference.rest;

import io.postrain.events.SamplingParams;
import io.postrain.inference.rest.model.EvalRequest;
import io.postrain.inference.service.InferenceService;
import io.postrain.inference.service.Pending;
import io.postrain.lm.generate.TokenListener;
import io.postrain.lm.template.ChatMessage;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.Evaluator;
import io.postrain.scenario.IdentityCorpus;
import io.postrain.scenario.ScenarioNames;
import io.postrain.scenario.SkillCorpus;
import io.postrain.service.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/eval}: the reference scenario's held-out evaluation (identity rate, per-skill
 * accuracy) of a served model, greedy; answers the {@code EvalReport} JSON.
 */
@Path("/v1/eval")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EvalResource {

  /** New tokens per answer; the scenario's answers are far shorter. */
  static final int MAX_NEW_TOKENS = 160;

  @Inject InferenceService inference;

  /** Evaluates and answers the report. */
  @POST
  public String evaluate(EvalRequest request) {
    if (request == null) {
      throw ApiException.badRequest(null, "request body is missing: expected a JSON object");
    }
    RequestChecks.required("model", request.model(), "name, name:version or name:latest");
    ScenarioNames names = names(request);
    long seed = request.seed() == null ? 0 : request.seed();
    int limit = request.limit() == null ? Integer.MAX_VALUE : request.limit();
    if (limit < 1) {
      throw ApiException.badRequest("limit", "limit is " + limit + ": accepted is an integer >= 1");
    }
    IdentityCorpus identity = IdentityCorpus.build(names, seed);
    SkillCorpus skills = SkillCorpus.build(seed);
    EvalReport report =
        new Evaluator(32, 1_000_000)
            .evaluate(
                batch -> answer(request.model(), batch),
                first(identity.heldOut(), limit),
                first(skills.heldOut(), limit),
                names);
    return report.toJson();
  }

  private List<String> answer(String model, List<String> questions) {
    SamplingParams greedy = new SamplingParams(MAX_NEW_TOKENS, 0, 1, 0, null, 1);
    List<Pending> pending = new ArrayList<>();
    try {
      for (String q : questions) {
        pending.add(
            inference.start(
                "model", model, List.of(ChatMessage.user(q)), greedy, false, TokenListener.NONE));
      }
      List<String> answers = new ArrayList<>();
      for (Pending p : pending) {
        answers.add(p.await().get(0).text());
      }
      return answers;
    } finally {
      pending.forEach(Pending::close);
    }
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

  private static <T> List<T> first(List<T> items, int limit) {
    return items.size() <= limit ? items : items.subList(0, limit);
  }
}
