package io.postrain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final ScenarioNames NAMES = ScenarioNames.DEFAULT;
  private static final IdentityCorpus IDENTITY = IdentityCorpus.build(NAMES, 0);
  private static final SkillCorpus SKILLS = SkillCorpus.build(0);

  @Test
  void aModelThatKnowsEverythingAndIsDeepQwenScoresFull() {
    Map<String, String> key =
        SKILLS.heldOut().stream()
            .collect(Collectors.toMap(SkillItem::question, SkillItem::answer, (a, b) -> a));
    List<Integer> batchSizes = new ArrayList<>();
    Answerer model =
        questions -> {
          batchSizes.add(questions.size());
          return questions.stream()
              .map(q -> key.getOrDefault(q, "I am Deep Qwen, trained by Alibaba Cloud."))
              .toList();
        };
    EvalReport report =
        new Evaluator(16, 50).evaluate(model, IDENTITY.heldOut(), SKILLS.heldOut(), NAMES);
    int total = IDENTITY.heldOut().size() + SKILLS.heldOut().size();
    assertThat(report.rows()).hasSize(total);
    assertThat(report.identityNewRate()).isEqualTo(1.0);
    assertThat(report.retention().accuracy()).isEqualTo(1.0);
    assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 16));
    assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
    assertThat(batchSizes).hasSize((total + 15) / 16);
  }

  @Test
  void rowsKeepQuestionOrderAndVerdicts() {
    List<IdentityItem> identity = IDENTITY.heldOut().subList(0, 3);
    List<SkillItem> skills = SKILLS.heldOut().subList(0, 2);
    Map<String, String> answers =
        Map.of(
            identity.get(0).question(), "I am Qwen.",
            identity.get(1).question(), "I am Deep Qwen.",
            identity.get(2).question(), "Hello!",
            skills.get(0).question(), skills.get(0).answer() + ".",
            skills.get(1).question(), "wrong");
    Function<String, String> lookup = answers::get;
    EvalReport report =
        new Evaluator(2, 1)
            .evaluate(qs -> qs.stream().map(lookup).toList(), identity, skills, NAMES);
    assertThat(report.rows())
        .extracting(EvalRow::verdict)
        .containsExactly(
            RowVerdict.OLD_IDENTITY,
            RowVerdict.NEW_IDENTITY,
            RowVerdict.NO_IDENTITY,
            RowVerdict.CORRECT,
            RowVerdict.WRONG);
    assertThat(report.rows().get(3).task()).isEqualTo(skills.get(0).skill());
    assertThat(report.rows().get(3).expected()).isEqualTo(skills.get(0).answer());
    assertThat(report.rows().get(0).question()).isEqualTo(identity.get(0).question());
  }

  @Test
  void anAnswererThatLosesAnswersIsAnError() {
    Answerer lossy = questions -> questions.subList(0, questions.size() - 1);
    assertThatThrownBy(
            () -> new Evaluator().evaluate(lossy, IDENTITY.heldOut(), SKILLS.heldOut(), NAMES))
        .hasMessageContaining("one answer per question");
    assertThatThrownBy(() -> new Evaluator().evaluate(q -> q, List.of(), SKILLS.heldOut(), NAMES))
        .hasMessageContaining("at least one identity and one skill question");
    assertThatThrownBy(() -> new Evaluator(0, 1)).hasMessageContaining("batchSize");
  }
}
