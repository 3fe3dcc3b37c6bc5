package io.postrain.inference.service;

import io.postrain.events.SamplingParams;
import io.postrain.lm.generate.TokenListener;
import io.postrain.lm.template.ChatMessage;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.HeldOutEval;
import io.postrain.scenario.ScenarioNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference scenario's held-out evaluation of a served model ({@link HeldOutEval}): each batch
 * of questions goes to the scheduler at once, greedy, so they share decoding steps.
 */
@ApplicationScoped
public class EvalService {

  private static final SamplingParams GREEDY =
      new SamplingParams(HeldOutEval.MAX_NEW_TOKENS, 0, 1, 0, null, 1);

  @Inject InferenceService inference;

  /**
   * Evaluates a served model.
   *
   * @param model name, name:version or name:latest
   * @param names the names identity answers are judged with
   * @param seed the scenario seed (selects the held-out sets)
   * @param limit at most this many identity and skill questions each, 0 for all
   * @return the report
   */
  public EvalReport evaluate(String model, ScenarioNames names, long seed, int limit) {
    return HeldOutEval.of(names, seed, limit).run(batch -> answer(model, batch));
  }

  private List<String> answer(String model, List<String> questions) {
    List<Pending> pending = new ArrayList<>();
    try {
      for (String q : questions) {
        pending.add(
            inference.start(
                "model", model, List.of(ChatMessage.user(q)), GREEDY, false, TokenListener.NONE));
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
}
