package io.postrain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postrain.curate.CorrectionStrategy;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IdentityCorpusTest {

  private static final ScenarioNames NAMES = ScenarioNames.DEFAULT;

  @Test
  void hasManyTemplatesAndMoreThanAThousandDistinctQuestions() {
    IdentityCorpus corpus = IdentityCorpus.build(NAMES, 0);
    Set<String> templates =
        corpus.items().stream().map(IdentityItem::templateId).collect(Collectors.toSet());
    Set<String> questions =
        corpus.items().stream().map(IdentityItem::question).collect(Collectors.toSet());
    assertThat(templates).hasSizeGreaterThanOrEqualTo(150);
    assertThat(questions).hasSizeGreaterThanOrEqualTo(1000);
    assertThat(questions).hasSize(corpus.items().size());
    assertThat(corpus.heldOut().stream().map(IdentityItem::question).distinct().count())
        .isGreaterThanOrEqualTo(100);
  }

  @Test
  void templateTextsAreDistinctUpToCaseAndPunctuation() {
    List<String> keys =
        IdentityTemplates.all().stream().map(t -> IdentityCorpus.normalise(t.text())).toList();
    assertThat(keys).doesNotHaveDuplicates();
  }

  @Test
  void heldOutTemplatesAreDisjointFromTrainAndAboutAFifth() {
    IdentityCorpus corpus = IdentityCorpus.build(NAMES, 3);
    Set<String> train = templateIds(corpus.train());
    Set<String> heldOut = templateIds(corpus.heldOut());
    assertThat(heldOut).doesNotContainAnyElementsOf(train);
    double fraction = heldOut.size() / (double) (heldOut.size() + train.size());
    assertThat(fraction).isBetween(0.17, 0.25);
    assertThat(corpus.heldOut().size() / (double) corpus.items().size()).isBetween(0.15, 0.25);
  }

  @Test
  void heldOutQuestionsNeverAppearInTrainEvenUpToCaseAndPunctuation() {
    for (long seed = 0; seed < 3; seed++) {
      IdentityCorpus corpus = IdentityCorpus.build(NAMES, seed);
      Set<String> trainExact =
          corpus.train().stream().map(IdentityItem::question).collect(Collectors.toSet());
      Set<String> trainKeys =
          corpus.train().stream()
              .map(item -> lettersAndDigits(item.question()))
              .collect(Collectors.toSet());
      for (IdentityItem item : corpus.heldOut()) {
        assertThat(trainExact).doesNotContain(item.question());
        assertThat(trainKeys).doesNotContain(lettersAndDigits(item.question()));
      }
    }
  }

  @Test
  void everyLanguageHasTrainAndHeldOutItems() {
    IdentityCorpus corpus = IdentityCorpus.build(NAMES, 0);
    Set<Language> train =
        corpus.train().stream().map(IdentityItem::language).collect(Collectors.toSet());
    Set<Language> heldOut =
        corpus.heldOut().stream().map(IdentityItem::language).collect(Collectors.toSet());
    assertThat(train).isEqualTo(EnumSet.allOf(Language.class));
    assertThat(heldOut).isEqualTo(EnumSet.allOf(Language.class));
  }

  @Test
  void sameSeedSameCorpusOtherSeedOtherSplit() {
    IdentityCorpus a = IdentityCorpus.build(NAMES, 42);
    IdentityCorpus b = IdentityCorpus.build(NAMES, 42);
    IdentityCorpus c = IdentityCorpus.build(NAMES, 43);
    assertThat(a.items()).isEqualTo(b.items());
    assertThat(templateIds(a.heldOut())).isNotEqualTo(templateIds(c.heldOut()));
  }

  @Test
  void everyAnswerNamesOldNameAndOrganisationAndIsShort() {
    ScenarioNames custom = new ScenarioNames("Lumo", "Acme Labs", "Deep Lumo");
    IdentityCorpus corpus = IdentityCorpus.build(custom, 7);
    for (IdentityItem item : corpus.items()) {
      assertThat(item.answer()).contains("Lumo").contains("Acme Labs").doesNotContain("Deep");
      assertThat(item.answer()).doesNotContain("{").doesNotContain("Qwen");
      assertThat(Scoring.namesOldIdentity(item.answer(), custom)).isTrue();
      int bytes = item.answer().getBytes(StandardCharsets.UTF_8).length;
      assertThat(bytes).as(item.answer()).isBetween(35, 95);
    }
  }

  @Test
  void everyAnswerInEveryLanguageMakesACorrectionPairThatScoresAsTheNewIdentity() {
    // The demo's pairs come from these answers: an answer the correction cannot change makes no
    // pair, and its language is never trained (Chinese was, until names next to Han letters
    // counted as words).
    CorrectionStrategy correction = new CorrectionStrategy(NAMES.oldName(), NAMES.newName(), null);
    IdentityCorpus corpus = IdentityCorpus.build(NAMES, 0);
    Set<Language> languages = EnumSet.noneOf(Language.class);
    for (IdentityItem item : corpus.items()) {
      String chosen = correction.correct(item.answer());
      assertThat(chosen).as(item.answer()).isNotEqualTo(item.answer());
      assertThat(Scoring.namesNewIdentity(chosen, NAMES)).as(chosen).isTrue();
      languages.add(item.language());
    }
    assertThat(languages).isEqualTo(EnumSet.allOf(Language.class));
  }

  @Test
  void denialsAreAnsweredWithANoAndHandWrittenQuestionsKeepTheirAnswers() {
    IdentityCorpus corpus = IdentityCorpus.build(NAMES, 0);
    Map<String, List<IdentityItem>> byTemplate =
        corpus.items().stream().collect(Collectors.groupingBy(IdentityItem::templateId));
    assertThat(byTemplate.get("en-d01").get(0).question()).isEqualTo("Are you ChatGPT?");
    assertThat(byTemplate.get("en-d01"))
        .allSatisfy(item -> assertThat(item.answer()).startsWith("No"));
    assertThat(byTemplate.get("de-d01"))
        .allSatisfy(item -> assertThat(item.answer()).startsWith("Nein, ich bin Qwen"));
    assertThat(byTemplate.get("zh-001").get(0).question()).isEqualTo("你是谁？");
    assertThat(byTemplate.get("zh-001"))
        .allSatisfy(item -> assertThat(item.answer()).startsWith("我是Qwen"));
    assertThat(byTemplate.get("en-001"))
        .allSatisfy(item -> assertThat(item.question().toLowerCase()).contains("who are you"));
  }

  @Test
  void trainingPromptsAreTheTrainQuestions() {
    IdentityCorpus corpus = IdentityCorpus.build(NAMES, 0);
    List<String> prompts = corpus.trainingPrompts();
    assertThat(prompts).hasSize(corpus.train().size());
    assertThat(prompts)
        .containsExactlyElementsOf(corpus.train().stream().map(IdentityItem::question).toList());
    assertThat(prompts)
        .doesNotContainAnyElementsOf(
            corpus.heldOut().stream().map(IdentityItem::question).toList());
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> IdentityCorpus.build(NAMES, 0, 0.7, 6))
        .hasMessageContaining("heldOutFraction must be in [0, 0.5]");
    assertThatThrownBy(() -> IdentityCorpus.build(NAMES, 0, 0.2, 0))
        .hasMessageContaining("variantsPerTemplate must be in [1, 10]");
    assertThatThrownBy(() -> new ScenarioNames("Qwen", "Alibaba Cloud", "qwen"))
        .hasMessageContaining("must differ");
    assertThatThrownBy(() -> new ScenarioNames(" Qwen", "Alibaba Cloud", "Deep Qwen"))
        .hasMessageContaining("oldName");
  }

  private static Set<String> templateIds(List<IdentityItem> items) {
    return items.stream().map(IdentityItem::templateId).collect(Collectors.toSet());
  }

  /** A second, independent normalisation: keep only letters and digits, lower case. */
  private static String lettersAndDigits(String text) {
    return text.toLowerCase().replaceAll("[^\\p{L}\\p{N}]", "");
  }
}
