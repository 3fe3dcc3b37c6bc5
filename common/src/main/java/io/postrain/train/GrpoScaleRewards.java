package io.postrain.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What GRPO divides the centred rewards by, TRL's {@code scale_rewards}: advantages are {@code (r -
 * mean_group) / (std + 1e-4)} with the std of the group or of the whole generation batch, or just
 * {@code r - mean_group} (Dr. GRPO's recommendation).
 */
public enum GrpoScaleRewards {
  /** The (unbiased) standard deviation of the prompt's group. */
  GROUP,
  /** The (unbiased) standard deviation over every completion of the generation batch. */
  BATCH,
  /** No scaling. */
  NONE;

  /** The TRL spelling, e.g. {@code group}. */
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
  public static GrpoScaleRewards parse(String value) {
    return ConfigChecks.parseLowerCase("scaleRewards", GrpoScaleRewards.class, value);
  }
}
