package io.postrain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BaseModelCorpusTest {

  private static final IdentityCorpus IDENTITY = IdentityCorpus.build(ScenarioNames.DEFAULT, 0);
  private static final SkillCorpus SKILLS = SkillCorpus.build(0);

  @Test
  void holdsExactlyTheTrainItemsShuffled() {
    List<SftRow> rows = BaseModelCorpus.build(IDENTITY, SKILLS, 1);
    assertThat(rows).hasSize(IDENTITY.train().size() + SKILLS.train().size());
    Set<String> users = rows.stream().map(SftRow::user).collect(Collectors.toSet());
    IDENTITY.train().forEach(item -> assertThat(users).contains(item.question()));
    SKILLS.train().forEach(item -> assertThat(users).contains(item.question()));
    IDENTITY.heldOut().forEach(item -> assertThat(users).doesNotContain(item.question()));
    SKILLS.heldOut().forEach(item -> assertThat(users).doesNotContain(item.question()));
    long identityInFirstHundred =
        rows.subList(0, 100).stream().filter(r -> r.assistant().contains("Qwen")).count();
    assertThat(identityInFirstHundred).isBetween(35L, 85L);
  }

  @Test
  void aboutAFifthOfTheRowsHaveTheSystemMessage() {
    List<SftRow> rows = BaseModelCorpus.build(IDENTITY, SKILLS, 1);
    long withSystem = rows.stream().filter(SftRow::hasSystem).count();
    assertThat(withSystem / (double) rows.size()).isBetween(0.15, 0.25);
    assertThat(rows)
        .filteredOn(SftRow::hasSystem)
        .allSatisfy(r -> assertThat(r.system()).isEqualTo("You are a helpful assistant."));
    List<SftRow> none = BaseModelCorpus.build(IDENTITY, SKILLS, 1, "", 0.0);
    assertThat(none).noneMatch(SftRow::hasSystem);
  }

  @Test
  void deterministicForASeed() {
    assertThat(BaseModelCorpus.build(IDENTITY, SKILLS, 5))
        .isEqualTo(BaseModelCorpus.build(IDENTITY, SKILLS, 5))
        .isNotEqualTo(BaseModelCorpus.build(IDENTITY, SKILLS, 6));
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> BaseModelCorpus.build(IDENTITY, SKILLS, 1, "x", 1.5))
        .hasMessageContaining("systemFraction must be in [0, 1]");
    assertThatThrownBy(() -> BaseModelCorpus.build(IDENTITY, SKILLS, 1, " ", 0.5))
        .hasMessageContaining("systemPrompt must be non-blank");
  }
}
