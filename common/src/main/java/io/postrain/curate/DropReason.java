package io.postrain.curate;

/** Why a curation strategy made no row of a prompt group or a candidate. */
public enum DropReason {
  /** The group holds no candidate. */
  NO_CANDIDATES("noCandidates", "the prompt has no candidate"),
  /** Best-vs-worst needs two candidates to pair. */
  TOO_FEW("tooFew", "fewer than 2 non-blank candidates: nothing to pair"),
  /** No candidate (rejection sampling) or the answer (distillation) reached the threshold. */
  BELOW_THRESHOLD("belowThreshold", "no candidate reached the reward threshold"),
  /** The pair's reward margin (chosen - rejected) is 0 or under the minimum margin. */
  UNDER_MARGIN("underMargin", "chosen and rejected scores closer than the minimum margin"),
  /** The pair would teach nothing: chosen equals rejected. */
  IDENTICAL("identical", "chosen equals rejected"),
  /** Generation stopped at the token limit, so the answer is cut off. */
  TRUNCATED("truncated", "answer cut off at the token limit"),
  /** The answer (distillation) or every candidate (rejection sampling) is blank. */
  EMPTY("empty", "the answer is blank");

  private final String key;
  private final String description;

  DropReason(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** The reason's name in reports ({@code dropReasons.<key>}). */
  public String key() {
    return key;
  }

  /** A short human-readable description. */
  public String description() {
    return description;
  }
}
