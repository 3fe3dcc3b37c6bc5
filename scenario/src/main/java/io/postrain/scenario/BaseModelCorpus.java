package io.postrain.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFT corpus that makes the base model: the identity train items (answers naming the old
 * identity and its organisation) plus the skill train items, shuffled with a seed; a fraction of
 * the rows carries a system message. Held-out items never enter it.
 */
public final class BaseModelCorpus {

  /** The system message put on a fraction of the rows. */
  public static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant.";

  /** Fraction of rows with the system message. */
  public static final double DEFAULT_SYSTEM_FRACTION = 0.2;

  private static final Logger LOG = LoggerFactory.getLogger(BaseModelCorpus.class);

  private BaseModelCorpus() {}

  /** Builds the corpus with the default system message on the default fraction of rows. */
  public static List<SftRow> build(IdentityCorpus identity, SkillCorpus skills, long seed) {
    return build(identity, skills, seed, DEFAULT_SYSTEM_PROMPT, DEFAULT_SYSTEM_FRACTION);
  }

  /**
   * Builds the corpus.
   *
   * @param identity the identity corpus (its train items are used)
   * @param skills the skill corpus (its train items are used)
   * @param seed the seed of the shuffle and of the system-message draw
   * @param systemPrompt the system message
   * @param systemFraction the probability that a row carries it, in [0, 1]
   * @return the rows, shuffled
   */
  public static List<SftRow> build(
      IdentityCorpus identity,
      SkillCorpus skills,
      long seed,
      String systemPrompt,
      double systemFraction) {
    if (!(systemFraction >= 0 && systemFraction <= 1)) {
      throw new IllegalArgumentException("systemFraction must be in [0, 1], got " + systemFraction);
    }
    if (systemFraction > 0 && (systemPrompt == null || systemPrompt.isBlank())) {
      throw new IllegalArgumentException(
          "systemPrompt must be non-blank when systemFraction > 0, got '" + systemPrompt + "'");
    }
    Random random = new Random(seed);
    List<SftRow> rows = new ArrayList<>();
    for (IdentityItem item : identity.train()) {
      rows.add(row(item.question(), item.answer(), systemPrompt, systemFraction, random));
    }
    for (SkillItem item : skills.train()) {
      rows.add(row(item.question(), item.answer(), systemPrompt, systemFraction, random));
    }
    Collections.shuffle(rows, random);
    long withSystem = rows.stream().filter(SftRow::hasSystem).count();
    LOG.info(
        "base-model SFT corpus: {} rows ({} identity, {} skill), {} with a system message",
        rows.size(),
        identity.train().size(),
        skills.train().size(),
        withSystem);
    return List.copyOf(rows);
  }

  private static SftRow row(
      String user, String assistant, String systemPrompt, double fraction, Random random) {
    boolean system = random.nextDouble() < fraction;
    return new SftRow(system ? systemPrompt : "", user, assistant);
  }
}
