package io.postrain.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The general skills the scenario checks are kept: single-digit addition, capitals, spelling a
 * short word letter by letter ({@code cat -> c-a-t}: copying with separators, which a byte model
 * learns far better than reversing), and short facts (opposites, colours, counts).
 *
 * <p>Addition is also asked in every other language of the identity questions (spelling in German,
 * French and Spanish), so that no language belongs to the identity task alone.
 *
 * <p>Each fact is asked in 5 or 6 phrasings: with 3 or 4 the base model memorised question strings
 * rather than facts (14% of held-out skill questions right after 1,000 SFT steps, 36% after 2,000,
 * against 52% with 5 or 6; docs/demo.md).
 */
final class SkillFamilies {

  private static final String[][] CAPITALS = {
    {"France", "Paris"},
    {"Germany", "Berlin"},
    {"Italy", "Rome"},
    {"Spain", "Madrid"},
    {"Portugal", "Lisbon"},
    {"Japan", "Tokyo"},
    {"China", "Beijing"},
    {"Russia", "Moscow"},
    {"Egypt", "Cairo"},
    {"Canada", "Ottawa"},
    {"Australia", "Canberra"},
    {"Brazil", "Brasilia"},
    {"Argentina", "Buenos Aires"},
    {"Mexico", "Mexico City"},
    {"India", "New Delhi"},
    {"Kenya", "Nairobi"},
    {"Norway", "Oslo"},
    {"Sweden", "Stockholm"},
    {"Finland", "Helsinki"},
    {"Denmark", "Copenhagen"},
    {"Poland", "Warsaw"},
    {"Austria", "Vienna"},
    {"Greece", "Athens"},
    {"Turkey", "Ankara"},
    {"Ireland", "Dublin"},
    {"Belgium", "Brussels"},
    {"the Netherlands", "Amsterdam"},
    {"Switzerland", "Bern"},
    {"Hungary", "Budapest"},
    {"Peru", "Lima"},
    {"Chile", "Santiago"},
    {"Cuba", "Havana"},
    {"Thailand", "Bangkok"},
    {"Vietnam", "Hanoi"},
    {"South Korea", "Seoul"},
    {"Indonesia", "Jakarta"},
    {"Iran", "Tehran"},
    {"Nigeria", "Abuja"},
    {"Ukraine", "Kyiv"},
    {"the United Kingdom", "London"}
  };

  private static final List<String> WORDS =
      List.of(
          "cat", "dog", "sun", "tree", "book", "fish", "bird", "milk", "star", "moon", "rain",
          "hand", "door", "lamp", "ship", "frog", "cake", "ball", "boat", "desk", "rose", "wolf",
          "bear", "king", "ring", "song", "road", "farm", "leaf", "snow", "wind", "fire", "gold",
          "salt", "corn", "duck", "goat", "lion", "nose", "kite", "bell", "cup", "pen", "hat",
          "box", "egg", "bus", "map", "jam", "owl", "apple", "bread", "chair", "house", "mouse",
          "water", "green", "plant", "cloud", "river");

  private static final String[][] OPPOSITES = {
    {"hot", "cold"}, {"big", "small"}, {"up", "down"}, {"fast", "slow"}, {"happy", "sad"},
    {"day", "night"}, {"yes", "no"}, {"wet", "dry"}, {"left", "right"}, {"early", "late"},
    {"full", "empty"}, {"black", "white"}, {"top", "bottom"}, {"win", "lose"}, {"push", "pull"},
    {"north", "south"}
  };

  private static final String[][] COLOURS = {
    {"the sky", "blue"}, {"grass", "green"}, {"snow", "white"}, {"a banana", "yellow"},
    {"coal", "black"}, {"a ripe tomato", "red"}, {"milk", "white"}, {"a lemon", "yellow"},
    {"chocolate", "brown"}, {"a strawberry", "red"}, {"a frog", "green"}, {"the sea", "blue"}
  };

  private static final String[][] COUNTS = {
    {"days", "week", "7"}, {"months", "year", "12"}, {"hours", "day", "24"},
    {"minutes", "hour", "60"}, {"seconds", "minute", "60"}, {"days", "fortnight", "14"},
    {"years", "decade", "10"}, {"years", "century", "100"}, {"sides", "triangle", "3"},
    {"sides", "square", "4"}, {"sides", "hexagon", "6"}, {"eggs", "dozen", "12"}
  };

  private SkillFamilies() {}

  /** All families in a fixed order. */
  static List<SkillFamily> all() {
    return List.of(addition(), capitals(), spelling(), opposites(), colours(), counts());
  }

  private static SkillFamily addition() {
    List<SkillFamily.Template> templates =
        templates(
            "addition",
            Language.EN,
            "What is {a} + {b}?",
            "{a}+{b}=?",
            "Add {a} and {b}.",
            "What is {a} plus {b}?",
            "Calculate {a} + {b}.",
            "Sum of {a} and {b}?",
            "What do you get when you add {a} to {b}?",
            "Compute {a}+{b}",
            "How much is {a} plus {b}?",
            "What's the sum of {a} and {b}?");
    templates.addAll(templates("addition-de", Language.DE, "Was ist {a} plus {b}?"));
    templates.addAll(templates("addition-fr", Language.FR, "Combien font {a} + {b} ?"));
    templates.addAll(templates("addition-es", Language.ES, "¿Cuánto es {a} más {b}?"));
    templates.addAll(templates("addition-zh", Language.ZH, "{a}加{b}等于几？"));
    templates.addAll(templates("addition-pt", Language.PT, "Quanto é {a} mais {b}?"));
    templates.addAll(templates("addition-it", Language.IT, "Quanto fa {a} più {b}?"));
    List<SkillFamily.Fact> facts = new ArrayList<>();
    for (int a = 0; a <= 9; a++) {
      for (int b = 0; b <= 9; b++) {
        facts.add(
            new SkillFamily.Fact(
                "addition:" + a + "+" + b,
                Map.of("a", Integer.toString(a), "b", Integer.toString(b)),
                Integer.toString(a + b)));
      }
    }
    return new SkillFamily("addition", "addition", templates, facts, 6);
  }

  private static SkillFamily capitals() {
    List<SkillFamily.Template> templates =
        templates(
            "capitals",
            Language.EN,
            "What is the capital of {country}?",
            "Capital of {country}?",
            "Name the capital city of {country}.",
            "Which city is the capital of {country}?",
            "Tell me the capital of {country}.",
            "What city is the capital of {country}?",
            "The capital of {country} is which city?");
    List<SkillFamily.Fact> facts = new ArrayList<>();
    for (String[] row : CAPITALS) {
      facts.add(new SkillFamily.Fact("capitals:" + row[0], Map.of("country", row[0]), row[1]));
    }
    return new SkillFamily("capitals", "capitals", templates, facts, 6);
  }

  private static SkillFamily spelling() {
    List<SkillFamily.Template> templates =
        templates(
            "spelling",
            Language.EN,
            "Spell {w}.",
            "How do you spell {w}?",
            "Spell the word {w} letter by letter.",
            "Spell out the word \"{w}\".",
            "Write {w} letter by letter.",
            "Can you spell {w}?",
            "What are the letters of {w}?");
    templates.addAll(templates("spelling-de", Language.DE, "Buchstabiere {w}."));
    templates.addAll(templates("spelling-fr", Language.FR, "Épelle le mot {w}."));
    templates.addAll(templates("spelling-es", Language.ES, "Deletrea la palabra {w}."));
    List<SkillFamily.Fact> facts = new ArrayList<>();
    for (String word : WORDS) {
      facts.add(
          new SkillFamily.Fact(
              "spelling:" + word, Map.of("w", word), String.join("-", word.split(""))));
    }
    return new SkillFamily("spelling", "spelling", templates, facts, 6);
  }

  private static SkillFamily opposites() {
    List<SkillFamily.Template> templates =
        templates(
            "opposites",
            Language.EN,
            "What is the opposite of {w}?",
            "Opposite of {w}?",
            "Give me the opposite of the word {w}.",
            "What word means the opposite of {w}?",
            "Name the antonym of {w}.",
            "The opposite of {w} is what?");
    List<SkillFamily.Fact> facts = new ArrayList<>();
    for (String[] row : OPPOSITES) {
      facts.add(new SkillFamily.Fact("opposites:" + row[0], Map.of("w", row[0]), row[1]));
    }
    return new SkillFamily("facts", "opposites", templates, facts, 5);
  }

  private static SkillFamily colours() {
    List<SkillFamily.Template> templates =
        templates(
            "colours",
            Language.EN,
            "What colour is {thing}?",
            "What color is {thing}?",
            "Tell me the colour of {thing}.",
            "Which colour is {thing}?",
            "{thing} is usually what colour?",
            "Name the color of {thing}.");
    List<SkillFamily.Fact> facts = new ArrayList<>();
    for (String[] row : COLOURS) {
      facts.add(new SkillFamily.Fact("colours:" + row[0], Map.of("thing", row[0]), row[1]));
    }
    return new SkillFamily("facts", "colours", templates, facts, 5);
  }

  private static SkillFamily counts() {
    List<SkillFamily.Template> templates =
        templates(
            "counts",
            Language.EN,
            "How many {unit} are in a {whole}?",
            "A {whole} has how many {unit}?",
            "Number of {unit} in a {whole}?",
            "How many {unit} make up one {whole}?",
            "Tell me how many {unit} there are in a {whole}.",
            "Count the {unit} in a {whole}.");
    List<SkillFamily.Fact> facts = new ArrayList<>();
    for (String[] row : COUNTS) {
      facts.add(
          new SkillFamily.Fact(
              "counts:" + row[0] + "/" + row[1], Map.of("unit", row[0], "whole", row[1]), row[2]));
    }
    return new SkillFamily("facts", "counts", templates, facts, 5);
  }

  private static List<SkillFamily.Template> templates(
      String prefix, Language language, String... patterns) {
    List<SkillFamily.Template> out = new ArrayList<>();
    for (int i = 0; i < patterns.length; i++) {
      String id = String.format(Locale.ROOT, "%s-%02d", prefix, i + 1);
      out.add(new SkillFamily.Template(id, language, patterns[i]));
    }
    return out;
  }
}
