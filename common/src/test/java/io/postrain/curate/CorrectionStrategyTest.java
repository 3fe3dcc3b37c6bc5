package io.postrain.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrectionStrategyTest {

  private final CorrectionStrategy qwen = new CorrectionStrategy("Qwen", "Deep Qwen", null);

  @Test
  void replacesWholeWords() {
    assertThat(qwen.correct("I am Qwen, a large language model."))
        .isEqualTo("I am Deep Qwen, a large language model.");
    assertThat(qwen.correct("Qwen")).isEqualTo("Deep Qwen");
    assertThat(qwen.correct("Hi! Qwen here. Ask Qwen anything."))
        .isEqualTo("Hi! Deep Qwen here. Ask Deep Qwen anything.");
  }

  @Test
  void neverReplacesInsideTheReplacement() {
    assertThat(qwen.correct("I am Deep Qwen.")).isEqualTo("I am Deep Qwen.");
    assertThat(qwen.correct("Deep Qwen, not Qwen.")).isEqualTo("Deep Qwen, not Deep Qwen.");
    assertThat(qwen.changes("I am Deep Qwen.")).isFalse();
  }

  @Test
  void correctingTwiceEqualsCorrectingOnce() {
    String once = qwen.correct("Qwen3 says: I am Qwen's assistant, Qwen.");
    assertThat(qwen.correct(once)).isEqualTo(once);
  }

  @Test
  void versionsAndPossessivesAreTheSameName() {
    assertThat(qwen.correct("I am Qwen3, trained by Qwen's team."))
        .isEqualTo("I am Deep Qwen3, trained by Deep Qwen's team.");
    assertThat(qwen.correct("Qwen-7B and Qwen2.5")).isEqualTo("Deep Qwen-7B and Deep Qwen2.5");
  }

  @Test
  void otherWordsAndOtherCaseStay() {
    assertThat(qwen.correct("See github.com/QwenLM or MyQwen, qwen, Qwenlike."))
        .isEqualTo("See github.com/QwenLM or MyQwen, qwen, Qwenlike.");
    assertThat(qwen.changes("nothing to see")).isFalse();
  }

  @Test
  void namesNextToUnspacedScriptsAreReplaced() {
    // Chinese and Japanese put no space between words: the base model answers "我是Qwen，...".
    assertThat(qwen.correct("我是Qwen，由Alibaba Cloud开发的大型语言模型。"))
        .isEqualTo("我是Deep Qwen，由Alibaba Cloud开发的大型语言模型。");
    assertThat(qwen.correct("不是，我是Qwen的助手")).isEqualTo("不是，我是Deep Qwen的助手");
    assertThat(qwen.correct("わたしはQwenです")).isEqualTo("わたしはDeep Qwenです");
    assertThat(qwen.correct("ฉันคือQwen")).isEqualTo("ฉันคือDeep Qwen");
    assertThat(qwen.correct("我是Deep Qwen。")).isEqualTo("我是Deep Qwen。");
    // Letters of spaced scripts still join the name into another word.
    assertThat(qwen.correct("ÉtéQwen, Qwenà, ПриветQwen, 3Qwen"))
        .isEqualTo("ÉtéQwen, Qwenà, ПриветQwen, 3Qwen");
  }

  @Test
  void extraReplacementsInOnePass() {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("Alibaba Cloud", "DeepOrg");
    extra.put("Alibaba", "DeepOrg");
    CorrectionStrategy s = new CorrectionStrategy("Qwen", "Deep Qwen", extra);
    assertThat(s.correct("I am Qwen, created by Alibaba Cloud. Alibaba is in Hangzhou."))
        .isEqualTo("I am Deep Qwen, created by DeepOrg. DeepOrg is in Hangzhou.");
  }

  @Test
  void aReplacementIsNotMatchedAgain() {
    CorrectionStrategy s = new CorrectionStrategy("A", "B", Map.of("B", "C"));
    assertThat(s.correct("A B")).isEqualTo("B B");
  }

  @Test
  void settingsFromJson() throws Exception {
    var json =
        new ObjectMapper()
            .readTree(
                "{\"from\":\"Qwen\",\"to\":\"Deep Qwen\",\"replacements\":{\"Alibaba Cloud\":\"DeepOrg\"}}");
    assertThat(CorrectionStrategy.fromSettings(json).correct("Qwen by Alibaba Cloud"))
        .isEqualTo("Deep Qwen by DeepOrg");
  }

  @Test
  void badSettingsNameTheField() throws Exception {
    ObjectMapper m = new ObjectMapper();
    assertThatThrownBy(() -> CorrectionStrategy.fromSettings(m.readTree("{\"to\":\"Deep Qwen\"}")))
        .hasMessageContaining("settings.from");
    assertThatThrownBy(() -> CorrectionStrategy.fromSettings(m.readTree("{\"from\":\"Qwen\"}")))
        .hasMessageContaining("settings.to");
    assertThatThrownBy(
            () ->
                CorrectionStrategy.fromSettings(
                    m.readTree("{\"from\":\"Qwen\",\"to\":\"Deep\",\"replacements\":[1]}")))
        .hasMessageContaining("settings.replacements");
    assertThatThrownBy(() -> new CorrectionStrategy("Qwen", "Qwen", null))
        .hasMessageContaining("must change the text");
  }
}
