package io.postrain.scenario;

import java.nio.file.Path;

/**
 * The scenario's files in one directory, built from the names and a seed (the corpora are
 * deterministic, so the same seed rebuilds the same held-out sets in another process).
 *
 * @param identityTrain {@code identity-train.sharegpt.jsonl}: identity train items, ShareGPT
 * @param identityHeldOut {@code identity-heldout.sharegpt.jsonl}: held-out identity items, ShareGPT
 * @param baseModelSft {@code base-model-sft.jsonl}: the base model's SFT corpus, messages layout
 * @param dpoPrompts {@code dpo-prompts.jsonl}: the DPO campaign's prompts (identity train
 *     questions)
 * @param skillsHeldOut {@code skills-heldout.jsonl}: held-out skill items, one object each
 */
public record ScenarioFiles(
    Path identityTrain,
    Path identityHeldOut,
    Path baseModelSft,
    Path dpoPrompts,
    Path skillsHeldOut) {

  /**
   * Builds the corpora with their default settings and writes every file into a directory.
   *
   * @param dir the directory, created if missing
   * @param names the scenario names
   * @param seed the seed of all three corpora
   * @return the paths written
   */
  public static ScenarioFiles write(Path dir, ScenarioNames names, long seed) {
    IdentityCorpus identity = IdentityCorpus.build(names, seed);
    SkillCorpus skills = SkillCorpus.build(seed);
    return new ScenarioFiles(
        ScenarioJsonl.writeShareGpt(dir.resolve("identity-train.sharegpt.jsonl"), identity.train()),
        ScenarioJsonl.writeShareGpt(
            dir.resolve("identity-heldout.sharegpt.jsonl"), identity.heldOut()),
        ScenarioJsonl.writeMessages(
            dir.resolve("base-model-sft.jsonl"), BaseModelCorpus.build(identity, skills, seed)),
        ScenarioJsonl.writePrompts(dir.resolve("dpo-prompts.jsonl"), identity.trainingPrompts()),
        ScenarioJsonl.writeSkills(dir.resolve("skills-heldout.jsonl"), skills.heldOut()));
  }
}
