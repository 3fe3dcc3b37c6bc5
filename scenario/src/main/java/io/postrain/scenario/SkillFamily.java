package io.postrain.scenario;

import java.util.List;
import java.util.Map;

/**
 * A family of skill questions: phrasings with {@code {slot}} placeholders and facts that fill them.
 * Several families may share a skill name (the short factual families all count as {@code facts}).
 *
 * @param skill the skill the items are reported under
 * @param name the family name, unique, used in template ids
 * @param templates the phrasings
 * @param facts the facts asked
 * @param itemsPerFact how many distinct phrasings each fact is asked in, at least 2 (so that a fact
 *     with a held-out item is still trained) and at most the number of templates
 */
public record SkillFamily(
    String skill, String name, List<Template> templates, List<Fact> facts, int itemsPerFact) {

  public SkillFamily {
    templates = List.copyOf(templates);
    facts = List.copyOf(facts);
    if (itemsPerFact < 2 || itemsPerFact > templates.size()) {
      throw new IllegalArgumentException(
          "itemsPerFact of family "
              + name
              + " must be in [2, "
              + templates.size()
              + "] (the number of templates), got "
              + itemsPerFact);
    }
    if (facts.isEmpty()) {
      throw new IllegalArgumentException("family " + name + " needs at least one fact");
    }
  }

  /**
   * One phrasing.
   *
   * @param id stable id, e.g. {@code capitals-02}
   * @param language the language (chooses the polite openings that may decorate it)
   * @param pattern the question with {@code {slot}} placeholders
   */
  public record Template(String id, Language language, String pattern) {

    /** Fills the slots; a question that starts with a slot gets an upper-case first letter. */
    public String fill(Map<String, String> slots) {
      String text = pattern;
      for (Map.Entry<String, String> slot : slots.entrySet()) {
        text = text.replace("{" + slot.getKey() + "}", slot.getValue());
      }
      if (text.contains("{")) {
        throw new IllegalArgumentException(
            "template " + id + " has a slot not in " + slots.keySet() + ": " + pattern);
      }
      if (pattern.startsWith("{") && Character.isLetter(text.charAt(0))) {
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
      }
      return text;
    }
  }

  /**
   * One fact.
   *
   * @param key stable key, e.g. {@code capitals:France}
   * @param slots the values of the template slots
   * @param answer the exact answer
   */
  public record Fact(String key, Map<String, String> slots, String answer) {

    public Fact {
      slots = Map.copyOf(slots);
    }
  }
}
