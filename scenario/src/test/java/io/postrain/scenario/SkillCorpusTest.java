package io.postrain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SkillCorpusTest {

  private static final SkillCorpus CORPUS = SkillCorpus.build(0);

  @Test
  void sizesPerSkillAndHeldOutFraction() {
    // Facts x phrasings per fact: addition 100 x 6, capitals 40 x 6, spelling 60 x 6, and the
    // facts families opposites 16 x 5, colours 12 x 5, counts 12 x 5.
    assertThat(CORPUS.items()).hasSize(1400);
    assertThat(CORPUS.skills()).containsExactly("addition", "capitals", "spelling", "facts");
    Map<String, Long> total = count(CORPUS.items());
    Map<String, Long> heldOut = count(CORPUS.heldOut());
    assertThat(total)
        .containsEntry("addition", 600L)
        .containsEntry("capitals", 240L)
        .containsEntry("spelling", 360L)
        .containsEntry("facts", 200L);
    // At most one held-out item per fact: a fifth of the items, or one per fact where a fact is
    // asked in more than five phrasings (addition, capitals, spelling: 6).
    assertThat(heldOut)
        .containsEntry("addition", 100L)
        .containsEntry("capitals", 40L)
        .containsEntry("spelling", 60L)
        .containsEntry("facts", 40L);
  }

  @Test
  void additionAnswersAreTheSumOfTheTwoDigitsInTheQuestion() {
    Pattern digit = Pattern.compile("\\d");
    List<SkillItem> additions =
        CORPUS.items().stream().filter(item -> item.skill().equals("addition")).toList();
    Set<String> pairs = new HashSet<>();
    for (SkillItem item : additions) {
      Matcher m = digit.matcher(item.question());
      assertThat(m.find()).as(item.question()).isTrue();
      int a = Integer.parseInt(m.group());
      assertThat(m.find()).as(item.question()).isTrue();
      int b = Integer.parseInt(m.group());
      assertThat(m.find()).as(item.question()).isFalse();
      assertThat(item.answer()).as(item.question()).isEqualTo(Integer.toString(a + b));
      pairs.add(Math.min(a, b) + "," + Math.max(a, b));
    }
    assertThat(pairs).hasSize(55);
  }

  @Test
  void capitalsAndFactsMatchAHandWrittenTable() {
    Map<String, String> expected =
        Map.of(
            "France", "Paris",
            "Japan", "Tokyo",
            "Australia", "Canberra",
            "the United Kingdom", "London",
            "opposite of hot", "cold",
            "hours", "24",
            "the sky", "blue");
    int checked = 0;
    for (SkillItem item : CORPUS.items()) {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        if (item.question().toLowerCase().contains(e.getKey().toLowerCase())) {
          assertThat(item.answer()).as(item.question()).isEqualTo(e.getValue());
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(20);
  }

  @Test
  void spellingAnswersAreTheQuestionWordWithHyphens() {
    List<SkillItem> spelling =
        CORPUS.items().stream().filter(item -> item.skill().equals("spelling")).toList();
    assertThat(spelling).hasSize(360);
    for (SkillItem item : spelling) {
      assertThat(item.answer()).matches("[a-z](-[a-z])+");
      String word = item.answer().replace("-", "");
      assertThat(item.question()).as(item.answer()).containsPattern("\\b" + word + "\\b");
    }
    assertThat(spelling)
        .filteredOn(item -> item.factKey().equals("spelling:cat"))
        .allSatisfy(item -> assertThat(item.answer()).isEqualTo("c-a-t"));
  }

  @Test
  void everyHeldOutItemIsAnswerableFromTraining() {
    for (long seed = 0; seed < 3; seed++) {
      SkillCorpus corpus = SkillCorpus.build(seed);
      Set<String> trainFacts =
          corpus.train().stream().map(SkillItem::factKey).collect(Collectors.toSet());
      Set<String> trainTemplates =
          corpus.train().stream().map(SkillItem::templateId).collect(Collectors.toSet());
      Set<String> trainQuestions =
          corpus.train().stream()
              .map(item -> item.question().toLowerCase().replaceAll("[^\\p{L}\\p{N}]", ""))
              .collect(Collectors.toSet());
      for (SkillItem item : corpus.heldOut()) {
        assertThat(trainFacts).as(item.question()).contains(item.factKey());
        assertThat(trainTemplates).as(item.question()).contains(item.templateId());
        assertThat(trainQuestions)
            .doesNotContain(item.question().toLowerCase().replaceAll("[^\\p{L}\\p{N}]", ""));
      }
      assertThat(corpus.heldOut().stream().map(SkillItem::factKey)).doesNotHaveDuplicates();
    }
  }

  @Test
  void eachFactIsAskedInDistinctPhrasings() {
    Map<String, List<SkillItem>> byFact =
        CORPUS.items().stream().collect(Collectors.groupingBy(SkillItem::factKey));
    assertThat(byFact).hasSize(100 + 40 + 60 + 16 + 12 + 12);
    byFact.forEach(
        (fact, items) ->
            assertThat(items.stream().map(SkillItem::templateId)).as(fact).doesNotHaveDuplicates());
  }

  @Test
  void templatesOfAFamilyDifferInLettersOrDigits() {
    for (SkillFamily family : SkillFamilies.all()) {
      assertThat(
              family.templates().stream()
                  .map(t -> t.pattern().toLowerCase().replaceAll("[^\\p{L}\\p{N}]", "")))
          .as(family.name())
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void deterministicForASeed() {
    assertThat(SkillCorpus.build(9).items()).isEqualTo(SkillCorpus.build(9).items());
    assertThat(SkillCorpus.build(9).heldOut()).isNotEqualTo(SkillCorpus.build(10).heldOut());
  }

  @Test
  void surfacePatternsAreSharedWithTheIdentityTask() {
    IdentityCorpus identity = IdentityCorpus.build(ScenarioNames.DEFAULT, 0);
    for (String opening : List.of("Hello, ", "Quick question: ", "Hi! ")) {
      assertThat(CORPUS.train()).anySatisfy(i -> assertThat(i.question()).startsWith(opening));
      assertThat(identity.train()).anySatisfy(i -> assertThat(i.question()).startsWith(opening));
    }
    for (String foreign :
        List.of("Buchstabiere", "Was ist", "Combien", "Deletrea", "加", "Quanto é", "Quanto fa")) {
      assertThat(CORPUS.train()).anySatisfy(i -> assertThat(i.question()).contains(foreign));
    }
    assertThat(CORPUS.train())
        .anyMatch(
            i ->
                i.question().equals(i.question().toLowerCase()) && i.question().matches("[a-z].*"));
  }

  private static Map<String, Long> count(List<SkillItem> items) {
    return items.stream().collect(Collectors.groupingBy(SkillItem::skill, Collectors.counting()));
  }
}
