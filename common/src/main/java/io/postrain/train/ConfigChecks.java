package io.postrain.train;

import java.util.Locale;

/**
 * Range checks shared by the config records; each message names the field and the accepted range.
 */
final class ConfigChecks {

  private ConfigChecks() {}

  static void positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be > 0 (got " + value + ")");
    }
  }

  static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + " (got " + value + ")");
    }
  }

  static void nonNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be >= 0 (got " + value + ")");
    }
  }

  /** Checks {@code lowInclusive <= value < highExclusive}. */
  static void inHalfOpen(String field, double value, double lowInclusive, double highExclusive) {
    if (!(value >= lowInclusive && value < highExclusive)) {
      throw new IllegalArgumentException(
          field + " must be in [" + lowInclusive + ", " + highExclusive + ") (got " + value + ")");
    }
  }

  /** Checks {@code lowInclusive <= value <= highInclusive}. */
  static void inClosed(String field, double value, double lowInclusive, double highInclusive) {
    if (!(value >= lowInclusive && value <= highInclusive)) {
      throw new IllegalArgumentException(
          field + " must be in [" + lowInclusive + ", " + highInclusive + "] (got " + value + ")");
    }
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must be set (got null)");
    }
    return value;
  }

  /**
   * The constant of {@code type} whose lower-case name equals {@code value} (case-insensitive), as
   * TRL spells its string options.
   *
   * @throws IllegalArgumentException naming the field and the accepted values
   */
  static <E extends Enum<E>> E parseLowerCase(String field, Class<E> type, String value) {
    String given = value == null ? "" : value.trim();
    StringBuilder accepted = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      String name = e.name().toLowerCase(Locale.ROOT);
      if (name.equalsIgnoreCase(given)) {
        return e;
      }
      accepted.append(accepted.isEmpty() ? "" : ", ").append(name);
    }
    throw new IllegalArgumentException(
        field + " must be one of " + accepted + " (got '" + value + "')");
  }
}
