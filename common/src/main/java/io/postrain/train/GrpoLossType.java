package io.postrain.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How GRPO normalises the summed per-token losses, TRL's {@code loss_type} (formulas in {@link
 * GrpoLoss}).
 */
public enum GrpoLossType {
  /** The original GRPO: each completion's token mean, averaged over completions. */
  GRPO,
  /** DAPO: the token sum over the whole optimizer step divided by its completion tokens. */
  DAPO,
  /** Dr. GRPO: the token sum divided by completions x {@code maxCompletionLength}. */
  DR_GRPO,
  /** BNPO: the token sum of a micro-batch divided by that micro-batch's completion tokens. */
  BNPO;

  /** The TRL spelling, e.g. {@code dr_grpo}. */
  @JsonValue
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the TRL spelling (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static GrpoLossType parse(String value) {
    return ConfigChecks.parseLowerCase("lossType", GrpoLossType.class, value);
  }
}
