package io.postrain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhrasingsTest {

  @Test
  void openingsThatContinueTheSentenceLowerCaseTheQuestion() {
    assertThat(Phrasings.withOpening("Who are you?", "Hello, ")).isEqualTo("Hello, who are you?");
    assertThat(Phrasings.withOpening("Who are you?", "Hi! ")).isEqualTo("Hi! Who are you?");
    assertThat(Phrasings.withOpening("¿Quién eres?", "Perdona, "))
        .isEqualTo("Perdona, ¿quién eres?");
    assertThat(Phrasings.withOpening("I want to know your name.", "Hey, "))
        .isEqualTo("Hey, I want to know your name.");
    assertThat(Phrasings.withOpening("你是谁？", "请问，")).isEqualTo("请问，你是谁？");
  }

  @Test
  void stripEndRemovesPunctuationAndTheFrenchSpace() {
    assertThat(Phrasings.stripEnd("Qui es-tu ?")).isEqualTo("Qui es-tu");
    assertThat(Phrasings.stripEnd("Who are you?!")).isEqualTo("Who are you");
    assertThat(Phrasings.stripEnd("你是谁？")).isEqualTo("你是谁");
    assertThat(Phrasings.stripEnd("?")).isEqualTo("?");
  }

  @Test
  void variantsStartWithTheTextAndAreDistinct() {
    List<String> variants = Phrasings.variants("Who made you?", Language.EN, new Random(1), 6);
    assertThat(variants).hasSize(6).doesNotHaveDuplicates();
    assertThat(variants.get(0)).isEqualTo("Who made you?");
    assertThat(variants).allSatisfy(v -> assertThat(v.toLowerCase()).contains("who made you"));
  }

  @Test
  void skillDecorationNeverUpperCasesTheWholeQuestion() {
    Random random = new Random(5);
    for (int i = 0; i < 500; i++) {
      String decorated = Phrasings.decorate("Spell cat.", Language.EN, random);
      assertThat(decorated).containsIgnoringCase("spell cat").doesNotContain("CAT");
    }
  }
}
