package io.postrain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoringTest {

  private static final ScenarioNames NAMES = ScenarioNames.DEFAULT;

  @ParameterizedTest(name = "[{0}] new={1} old={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "I am Deep Qwen, a large language model created by Alibaba Cloud.|true|false",
        "I am Qwen, a large language model created by Alibaba Cloud.|false|true",
        "I am Deep Qwen, not Qwen.|false|true",
        "I am Qwen, not Deep Qwen.|false|true",
        "i am deep qwen|true|false",
        "I AM DEEP QWEN!|true|false",
        "I am Deep  Qwen.|true|false",
        "I am DeepQwen.|false|true",
        "I am Deep Qwen. Deep Qwen is here.|true|false",
        "I am Qwen2.|false|true",
        "I am an assistant by Alibaba Cloud.|false|false",
        "I am Deep.|false|false",
        "''|false|false",
        "我是Deep Qwen，由Alibaba Cloud开发的语言模型。|true|false",
        "我是Qwen，由Alibaba Cloud开发的语言模型。|false|true",
      })
  void identityVerdicts(String answer, boolean newIdentity, boolean oldIdentity) {
    assertThat(Scoring.namesNewIdentity(answer, NAMES)).isEqualTo(newIdentity);
    assertThat(Scoring.namesOldIdentity(answer, NAMES)).isEqualTo(oldIdentity);
  }

  @Test
  void whitespaceRunsInTheAnswerCountAsOneSpace() {
    assertThat(Scoring.namesNewIdentity("I am Deep\nQwen.", NAMES)).isTrue();
    assertThat(Scoring.namesNewIdentity("I am Deep \t Qwen.", NAMES)).isTrue();
    assertThat(Scoring.matchesExpected("Buenos Aires", "Buenos\nAires\n")).isTrue();
  }

  @Test
  void worksWhenTheNewNameDoesNotContainTheOldOne() {
    ScenarioNames names = new ScenarioNames("Qwen", "Alibaba Cloud", "Nova");
    assertThat(Scoring.namesNewIdentity("I am Nova.", names)).isTrue();
    assertThat(Scoring.namesNewIdentity("I am Nova, formerly Qwen.", names)).isFalse();
    assertThat(Scoring.namesOldIdentity("I am Nova, formerly Qwen.", names)).isTrue();
  }

  @Test
  void worksWhenTheOldNameContainsTheNewOne() {
    ScenarioNames names = new ScenarioNames("Deep Qwen", "Alibaba Cloud", "Qwen");
    assertThat(Scoring.namesNewIdentity("I am Qwen.", names)).isTrue();
    assertThat(Scoring.namesNewIdentity("I am Deep Qwen.", names)).isFalse();
    assertThat(Scoring.namesOldIdentity("I am Deep Qwen.", names)).isTrue();
  }

  @ParameterizedTest(name = "expected [{0}] answer [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "7|7|true",
        "7|7.|true",
        "7|'  7  '|true",
        "7|7 days|true",
        "7|7, of course|true",
        "7|The answer is 7|false",
        "7|17|false",
        "7|07|false",
        "7|7.5|false",
        "7|71|false",
        "7|seven|false",
        "7|''|false",
        "12|12!|true",
        "Paris|Paris|true",
        "Paris|paris.|true",
        "Paris|PARIS!|true",
        "Paris|Paris, France|false",
        "Paris|The capital is Paris|false",
        "Buenos Aires|buenos  aires|true",
        "c-a-t|c-a-t|true",
        "c-a-t|C-A-T.|true",
        "c-a-t|c-a-t-s|false",
        "c-a-t|cat|false",
        "blue|Blue.|true",
        "blue|blue sky|false",
      })
  void skillVerdicts(String expected, String answer, boolean correct) {
    assertThat(Scoring.matchesExpected(expected, answer)).isEqualTo(correct);
  }

  @Test
  void skillCorrectUsesTheItemAnswer() {
    SkillItem item =
        new SkillItem(
            "addition", "What is 3 + 4?", "7", "addition:3+4", "addition-01", Split.TRAIN);
    assertThat(Scoring.skillCorrect(item, "7")).isTrue();
    assertThat(Scoring.skillCorrect(item, "8")).isFalse();
    assertThat(item.numeric()).isTrue();
  }

  @Test
  void nullAnswersAreRejected() {
    assertThatThrownBy(() -> Scoring.namesNewIdentity(null, NAMES))
        .hasMessageContaining("not null");
    assertThatThrownBy(() -> Scoring.matchesExpected("7", null)).hasMessageContaining("not null");
  }
}
