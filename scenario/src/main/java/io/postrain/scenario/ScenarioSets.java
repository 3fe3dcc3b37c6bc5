package io.postrain.scenario;

/**
 * The scenario's corpora for a seed and names: the base model is trained on their train halves,
 * evaluation and the DPO campaign use the same seed so held-out prompts never reach training.
 *
 * @param identity the identity corpus
 * @param skills the general-skill corpus
 */
public record ScenarioSets(IdentityCorpus identity, SkillCorpus skills) {

  /** The scenario's default seed (the shipped base model was built with it). */
  public static final long DEFAULT_SEED = 0;

  /** Builds both corpora. */
  public static ScenarioSets of(ScenarioNames names, long seed) {
    return new ScenarioSets(IdentityCorpus.build(names, seed), SkillCorpus.build(seed));
  }
}
