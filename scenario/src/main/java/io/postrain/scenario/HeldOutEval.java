package io.postrain.scenario;

import java.util.List;

/**
 * The scenario's held-out evaluation, the one place it is assembled: the held-out identity and
 * skill questions of a seed (the first {@code limit} of each), answered greedily with at most
 * {@link #MAX_NEW_TOKENS} new tokens, in batches of {@link #BATCH_SIZE}, scored by {@link
 * Evaluator}. {@code postrain eval}, {@code demo}, {@code recipe}, {@code build-base-model} and the
 * inference service's {@code POST /v1/eval} all run it.
 */
public final class HeldOutEval {

  /** New tokens allowed per answer: the scenario's answers are under 120 bytes. */
  public static final int MAX_NEW_TOKENS = 160;

  /** Questions per call of the answerer. */
  public static final int BATCH_SIZE = 32;

  /**
   * The evaluator writes no progress lines of its own (only its closing summary): a caller that
   * shows progress wraps its answerer (the CLI's {@code CountingAnswerer}).
   */
  private static final int NO_PROGRESS_LINES = Integer.MAX_VALUE;

  private final ScenarioNames names;
  private final List<IdentityItem> identity;
  private final List<SkillItem> skills;

  private HeldOutEval(ScenarioNames names, List<IdentityItem> identity, List<SkillItem> skills) {
    this.names = names;
    this.identity = identity;
    this.skills = skills;
  }

  /**
   * The held-out sets of corpora already built.
   *
   * @param sets the scenario's corpora
   * @param names the names identity answers are judged with
   * @param limit at most this many identity and skill questions each, 0 for all
   */
  public static HeldOutEval of(ScenarioSets sets, ScenarioNames names, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + limit);
    }
    return new HeldOutEval(
        names, first(sets.identity().heldOut(), limit), first(sets.skills().heldOut(), limit));
  }

  /** The held-out sets of the corpora of {@code names} and {@code seed}; limit as above. */
  public static HeldOutEval of(ScenarioNames names, long seed, int limit) {
    return of(ScenarioSets.of(names, seed), names, limit);
  }

  /** The identity questions asked, in order. */
  public List<IdentityItem> identity() {
    return identity;
  }

  /** The skill questions asked after them, in order. */
  public List<SkillItem> skills() {
    return skills;
  }

  /** Identity plus skill questions. */
  public int questions() {
    return identity.size() + skills.size();
  }

  /** Asks every question and scores the answers. */
  public EvalReport run(Answerer answerer) {
    return new Evaluator(BATCH_SIZE, NO_PROGRESS_LINES).evaluate(answerer, identity, skills, names);
  }

  /** The first {@code limit} items (all when 0). */
  public static <T> List<T> first(List<T> items, int limit) {
    return limit == 0 || limit >= items.size() ? items : items.subList(0, limit);
  }
}
