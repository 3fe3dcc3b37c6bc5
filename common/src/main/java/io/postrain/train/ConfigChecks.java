package io.postrain.train;

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
}
