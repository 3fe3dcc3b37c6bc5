/**
 * The reference scenario's data and scoring, in plain Java (no tensors).
 *
 * <p>A tiny byte-level model is taught by SFT from random weights to say it is {@code oldName}
 * (trained by {@code orgName}); correction-based DPO then turns it into {@code newName}. This
 * package builds the corpora ({@link io.postrain.scenario.IdentityCorpus}, {@link
 * io.postrain.scenario.SkillCorpus}, {@link io.postrain.scenario.BaseModelCorpus}), writes them as
 * JSONL ({@link io.postrain.scenario.ScenarioJsonl}), scores answers ({@link
 * io.postrain.scenario.Scoring}) and evaluates a model through a batched {@link
 * io.postrain.scenario.Answerer} ({@link io.postrain.scenario.Evaluator}, {@link
 * io.postrain.scenario.EvalReport}, {@link io.postrain.scenario.Comparison}).
 */
package io.postrain.scenario;
