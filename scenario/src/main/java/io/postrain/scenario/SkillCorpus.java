package io.postrain.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * General-skill questions with exact-match answers, split so that retention is measurable.
 *
 * <p>Construction ({@link #build(long, double)}), deterministic for a seed, per family:
 *
 * <ol>
 *   <li>Items: every fact is asked in {@code itemsPerFact} distinct phrasings drawn at random from
 *       the family's templates; each question may get a surface decoration (lower case, no end
 *       punctuation, polite opening or closing) as identity questions do.
 *   <li>Split rule (compositional): {@code round(heldOutFraction * items)} items are held out, at
 *       most one per fact, on facts taken in random order (so a family that asks each fact in more
 *       than {@code 1 / heldOutFraction} phrasings holds out one item per fact: fewer than the
 *       fraction). An item is held out only if its template keeps at least one train item of
 *       another fact. So every held-out item asks a fact that is trained under other phrasings, in
 *       a phrasing that is trained with other facts: it is answerable from training knowledge, yet
 *       the question text itself was never trained.
 * </ol>
 *
 * @param items all items in family order
 */
public record SkillCorpus(List<SkillItem> items) {

  /** Fraction of each family's items held out. */
  public static final double DEFAULT_HELD_OUT_FRACTION = 0.2;

  private static final Logger LOG = LoggerFactory.getLogger(SkillCorpus.class);

  public SkillCorpus {
    items = List.copyOf(items);
  }

  /** Builds the corpus with the default held-out fraction. */
  public static SkillCorpus build(long seed) {
    return build(seed, DEFAULT_HELD_OUT_FRACTION);
  }

  /**
   * Builds the corpus.
   *
   * @param seed the seed of every random choice
   * @param heldOutFraction fraction of each family's items held out, in [0, 0.3] (above that some
   *     facts could no longer keep enough trained phrasings)
   * @return the corpus
   */
  public static SkillCorpus build(long seed, double heldOutFraction) {
    if (!(heldOutFraction >= 0 && heldOutFraction <= 0.3)) {
      throw new IllegalArgumentException(
          "heldOutFraction must be in [0, 0.3], got " + heldOutFraction);
    }
    Random random = new Random(seed);
    List<SkillItem> all = new ArrayList<>();
    for (SkillFamily family : SkillFamilies.all()) {
      List<SkillItem> drafts = draft(family, random);
      all.addAll(split(drafts, heldOutFraction, random));
    }
    SkillCorpus corpus = new SkillCorpus(all);
    LOG.info(
        "skill corpus: {} items, {} train, {} held out; per skill {}",
        all.size(),
        corpus.train().size(),
        corpus.heldOut().size(),
        all.stream().collect(Collectors.groupingBy(SkillItem::skill, Collectors.counting())));
    return corpus;
  }

  /** The train items. */
  public List<SkillItem> train() {
    return items.stream().filter(item -> item.split() == Split.TRAIN).toList();
  }

  /** The held-out items. */
  public List<SkillItem> heldOut() {
    return items.stream().filter(item -> item.split() == Split.HELD_OUT).toList();
  }

  /** The skill names in first-seen order. */
  public List<String> skills() {
    return items.stream().map(SkillItem::skill).distinct().toList();
  }

  private static List<SkillItem> draft(SkillFamily family, Random random) {
    List<SkillItem> out = new ArrayList<>();
    for (SkillFamily.Fact fact : family.facts()) {
      List<SkillFamily.Template> templates = new ArrayList<>(family.templates());
      Collections.shuffle(templates, random);
      for (SkillFamily.Template template : templates.subList(0, family.itemsPerFact())) {
        String question =
            Phrasings.decorate(template.fill(fact.slots()), template.language(), random);
        out.add(
            new SkillItem(
                family.skill(), question, fact.answer(), fact.key(), template.id(), Split.TRAIN));
      }
    }
    return out;
  }

  private static List<SkillItem> split(List<SkillItem> drafts, double fraction, Random random) {
    int target = (int) Math.round(fraction * drafts.size());
    Map<String, Integer> trainPerTemplate = new HashMap<>();
    Map<String, List<Integer>> indicesPerFact = new LinkedHashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      trainPerTemplate.merge(drafts.get(i).templateId(), 1, Integer::sum);
      indicesPerFact.computeIfAbsent(drafts.get(i).factKey(), k -> new ArrayList<>()).add(i);
    }
    List<String> facts = new ArrayList<>(indicesPerFact.keySet());
    Collections.shuffle(facts, random);
    List<SkillItem> out = new ArrayList<>(drafts);
    int heldOut = 0;
    for (String fact : facts) {
      if (heldOut == target) {
        break;
      }
      for (int index : indicesPerFact.get(fact)) {
        SkillItem item = drafts.get(index);
        if (trainPerTemplate.get(item.templateId()) >= 2) {
          trainPerTemplate.merge(item.templateId(), -1, Integer::sum);
          out.set(index, withSplit(item, Split.HELD_OUT));
          heldOut++;
          break;
        }
      }
    }
    if (heldOut < target && heldOut < indicesPerFact.size()) {
      LOG.warn(
          "held out {} of the {} items asked for: too few templates keep a train item",
          heldOut,
          target);
    }
    return out;
  }

  private static SkillItem withSplit(SkillItem item, Split split) {
    return new SkillItem(
        item.skill(), item.question(), item.answer(), item.factKey(), item.templateId(), split);
  }
}
