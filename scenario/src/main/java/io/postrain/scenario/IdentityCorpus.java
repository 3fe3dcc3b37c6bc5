package io.postrain.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity questions answered with the old identity, split by template.
 *
 * <p>Construction ({@link #build(ScenarioNames, long, double, int)}), deterministic for a seed:
 *
 * <ol>
 *   <li>Split: per language, the templates are shuffled and {@code round(heldOutFraction * n)} of
 *       them (at least one when the language has two or more) are held out. Train and held-out
 *       items therefore never share a template: held-out questions are phrasings never trained.
 *   <li>Variants: each template yields up to {@code variantsPerTemplate} distinct surface variants
 *       ({@link Phrasings#variants}): as written, lower case, without end punctuation, with a
 *       polite opening and/or closing, doubled punctuation, upper case.
 *   <li>Duplicates: a question that two templates produce ("Quick question: who made you?" is both
 *       a template and a decorated "Who made you?") is kept once (train before held out, then in
 *       template order), so every question is asked once.
 *   <li>Leak guard: a held-out variant whose normalised form (lower case, letters and digits only)
 *       equals that of any train question is dropped, so no held-out question appears in train
 *       verbatim or up to case and punctuation.
 *   <li>Answers: each item gets one answer pattern of its language (a "No, I am ..." one for
 *       denials), drawn at random and filled with the names.
 * </ol>
 *
 * @param names the scenario names the answers use
 * @param items all items, train first, in template order
 */
public record IdentityCorpus(ScenarioNames names, List<IdentityItem> items) {

  /** Fraction of templates held out, per language. */
  public static final double DEFAULT_HELD_OUT_FRACTION = 0.2;

  /** Surface variants drawn per template (fewer where a language has no case, e.g. Chinese). */
  public static final int DEFAULT_VARIANTS_PER_TEMPLATE = 8;

  private static final Logger LOG = LoggerFactory.getLogger(IdentityCorpus.class);

  public IdentityCorpus {
    if (names == null) {
      throw new IllegalArgumentException("identity corpus needs scenario names");
    }
    items = List.copyOf(items);
  }

  /** Builds the corpus with the default held-out fraction and variants per template. */
  public static IdentityCorpus build(ScenarioNames names, long seed) {
    return build(names, seed, DEFAULT_HELD_OUT_FRACTION, DEFAULT_VARIANTS_PER_TEMPLATE);
  }

  /**
   * Builds the corpus.
   *
   * @param names the names the answers use
   * @param seed the seed of every random choice
   * @param heldOutFraction fraction of each language's templates held out, in [0, 0.5]
   * @param variantsPerTemplate surface variants per template, in [1, 10]
   * @return the corpus
   */
  public static IdentityCorpus build(
      ScenarioNames names, long seed, double heldOutFraction, int variantsPerTemplate) {
    if (!(heldOutFraction >= 0 && heldOutFraction <= 0.5)) {
      throw new IllegalArgumentException(
          "heldOutFraction must be in [0, 0.5], got " + heldOutFraction);
    }
    if (variantsPerTemplate < 1 || variantsPerTemplate > 10) {
      throw new IllegalArgumentException(
          "variantsPerTemplate must be in [1, 10], got " + variantsPerTemplate);
    }
    Random random = new Random(seed);
    Set<String> heldOutIds = chooseHeldOut(IdentityTemplates.all(), heldOutFraction, random);
    List<IdentityItem> train = new ArrayList<>();
    List<IdentityItem> heldOut = new ArrayList<>();
    for (IdentityTemplate template : IdentityTemplates.all()) {
      Split split = heldOutIds.contains(template.id()) ? Split.HELD_OUT : Split.TRAIN;
      List<String> questions =
          Phrasings.variants(template.text(), template.language(), random, variantsPerTemplate);
      List<String> patterns = IdentityAnswers.patternsFor(template);
      for (String question : questions) {
        String answer = names.fill(patterns.get(random.nextInt(patterns.size())));
        IdentityItem item =
            new IdentityItem(question, answer, template.id(), template.language(), split);
        (split == Split.TRAIN ? train : heldOut).add(item);
      }
    }
    Set<String> seen = new HashSet<>();
    int duplicates = train.size() + heldOut.size();
    train.removeIf(item -> !seen.add(item.question()));
    heldOut.removeIf(item -> !seen.add(item.question()));
    duplicates -= train.size() + heldOut.size();
    Set<String> trainKeys = new HashSet<>();
    train.forEach(item -> trainKeys.add(normalise(item.question())));
    int before = heldOut.size();
    heldOut.removeIf(item -> trainKeys.contains(normalise(item.question())));
    List<IdentityItem> all = new ArrayList<>(train);
    all.addAll(heldOut);
    LOG.info(
        "identity corpus: {} templates ({} held out), {} train items, {} held-out items"
            + " ({} dropped as near-duplicates of train, {} as repeats of another template's question)",
        IdentityTemplates.all().size(),
        heldOutIds.size(),
        train.size(),
        heldOut.size(),
        before - heldOut.size(),
        duplicates);
    return new IdentityCorpus(names, all);
  }

  /** The train items. */
  public List<IdentityItem> train() {
    return items.stream().filter(item -> item.split() == Split.TRAIN).toList();
  }

  /** The held-out items (templates never seen in training). */
  public List<IdentityItem> heldOut() {
    return items.stream().filter(item -> item.split() == Split.HELD_OUT).toList();
  }

  /** The prompts of the DPO correction campaign: the train questions, without answers. */
  public List<String> trainingPrompts() {
    return train().stream().map(IdentityItem::question).toList();
  }

  /**
   * The key under which two questions count as the same phrasing: lower case, letters and digits
   * only.
   */
  static String normalise(String question) {
    StringBuilder out = new StringBuilder();
    question
        .toLowerCase(Locale.ROOT)
        .codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static Set<String> chooseHeldOut(
      List<IdentityTemplate> templates, double fraction, Random random) {
    Map<Language, List<IdentityTemplate>> byLanguage = new EnumMap<>(Language.class);
    for (IdentityTemplate template : templates) {
      byLanguage.computeIfAbsent(template.language(), l -> new ArrayList<>()).add(template);
    }
    Set<String> heldOut = new HashSet<>();
    for (List<IdentityTemplate> group : byLanguage.values()) {
      List<IdentityTemplate> shuffled = new ArrayList<>(group);
      Collections.shuffle(shuffled, random);
      int count = (int) Math.round(fraction * shuffled.size());
      if (count == 0 && fraction > 0 && shuffled.size() >= 2) {
        count = 1;
      }
      shuffled.subList(0, count).forEach(template -> heldOut.add(template.id()));
    }
    return heldOut;
  }
}
