package io.postrain.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The learning-rate schedules of transformers' {@code lr_scheduler_type} that this engine has. */
public enum LrSchedulerType {
  /** {@code get_linear_schedule_with_warmup}: linear warm-up, then linear decay to 0. */
  LINEAR,
  /** {@code get_cosine_schedule_with_warmup} with 0.5 cycles: warm-up, then half a cosine to 0. */
  COSINE,
  /** {@code get_constant_schedule}: the learning rate throughout, warm-up ignored. */
  CONSTANT,
  /** {@code get_constant_schedule_with_warmup}: linear warm-up, then constant. */
  CONSTANT_WITH_WARMUP;

  /** The transformers spelling, e.g. {@code constant_with_warmup}. */
  @JsonValue
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the transformers spelling (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static LrSchedulerType parse(String value) {
    for (LrSchedulerType t : values()) {
      if (t.flagValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "lrSchedulerType must be one of "
            + Arrays.stream(values())
                .map(LrSchedulerType::flagValue)
                .collect(Collectors.joining(", "))
            + " (got '"
            + value
            + "')");
  }
}
