package io.postrain.cli.demo;

import io.postrain.curate.CorrectionStrategy;
import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.template.ChatMessage;
import io.postrain.scenario.Comparison;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.HeldOutEval;
import io.postrain.scenario.LocalAnswerer;
import io.postrain.scenario.ScenarioNames;
import io.postrain.scenario.ScenarioSets;
import io.postrain.scenario.SkillItem;
import io.postrain.train.DpoConfig;
import io.postrain.train.DpoTrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's DPO step in one process, to compare recipes quickly: the base model answers the
 * identity training prompts, the correction rule makes the pairs, {@link DpoTrainer} trains, and
 * the held-out evaluation runs before and after with the local engine.
 */
public final class RecipeExperiment {

  private final ScenarioNames names;
  private final long seed;
  private final PrintStream out;

  /**
   * @param names the scenario names
   * @param seed the scenario seed
   * @param out where progress goes
   */
  public RecipeExperiment(ScenarioNames names, long seed, PrintStream out) {
    this.names = names;
    this.seed = seed;
    this.out = out;
  }

  /** The pairs of the base model's answers: kept when the correction changes them. */
  public static List<PreferenceExample> pairs(
      List<String> prompts, List<String> answers, CorrectionStrategy correction) {
    List<PreferenceExample> pairs = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      String answer = answers.get(i);
      if (correction.changes(answer)) {
        pairs.add(
            new PreferenceExample.Conversation(
                List.of(ChatMessage.user(prompts.get(i))),
                List.of(ChatMessage.assistant(correction.correct(answer))),
                List.of(ChatMessage.assistant(answer))));
      }
    }
    return pairs;
  }

  /**
   * Runs the experiment.
   *
   * @param baseModel the base model directory
   * @param dpo the recipe
   * @param outDir where the trained model goes ({@code outDir/model})
   * @param ownAnswers whether the regulariser rehearses the base model's own answers to the skill
   *     training questions (self-distillation) instead of their reference answers
   * @return before vs after
   */
  public Comparison run(Path baseModel, DpoConfig dpo, Path outDir, boolean ownAnswers) {
    ScenarioSets sets = ScenarioSets.of(names, seed);
    List<String> prompts = sets.identity().trainingPrompts();
    List<String> answers;
    List<SftExample> rehearsal = List.of();
    EvalReport before;
    try (LanguageModel model = LanguageModel.load(baseModel)) {
      LocalAnswerer answerer = new LocalAnswerer(model);
      answers = answerAll(answerer, prompts, "answers");
      if (dpo.regularizationWeight() > 0) {
        List<String> questions = sets.skills().train().stream().map(SkillItem::question).toList();
        List<String> replies =
            ownAnswers
                ? answerAll(answerer, questions, "skill answers")
                : sets.skills().train().stream().map(SkillItem::answer).toList();
        rehearsal = conversations(questions, replies);
      }
      before = evaluate(answerer, "before");
    }
    CorrectionStrategy correction = new CorrectionStrategy(names.oldName(), names.newName(), null);
    List<PreferenceExample> pairs = pairs(prompts, answers, correction);
    out.printf(
        "[recipe] %d pairs, %d dropped (chosen = rejected)%n",
        pairs.size(), prompts.size() - pairs.size());
    Path trained = outDir.resolve("model");
    new DpoTrainer(dpo, null)
        .train(
            baseModel,
            pairs,
            rehearsal,
            trained,
            false,
            new ProgressPrinter(
                "dpo",
                List.of("loss", "rewards/margins", "rewards/accuracies", "logps/chosen"),
                out));
    try (LanguageModel model = LanguageModel.load(trained)) {
      return EvalReport.compare(before, evaluate(new LocalAnswerer(model), "after"));
    }
  }

  private List<String> answerAll(LocalAnswerer answerer, List<String> prompts, String label) {
    List<String> answers = new ArrayList<>();
    CountingAnswerer counting = new CountingAnswerer(answerer, prompts.size(), label, out);
    for (int i = 0; i < prompts.size(); i += 32) {
      answers.addAll(counting.answer(prompts.subList(i, Math.min(prompts.size(), i + 32))));
    }
    return answers;
  }

  /** Single-turn SFT examples: question i answered with answer i. */
  private static List<SftExample> conversations(List<String> questions, List<String> answers) {
    List<SftExample> out = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      out.add(
          new SftExample.Conversation(
              List.of(ChatMessage.user(questions.get(i))),
              List.of(ChatMessage.assistant(answers.get(i)))));
    }
    return out;
  }

  private EvalReport evaluate(LocalAnswerer answerer, String label) {
    HeldOutEval eval = HeldOutEval.of(names, seed, 0);
    return eval.run(new CountingAnswerer(answerer, eval.questions(), "eval " + label, out));
  }
}
