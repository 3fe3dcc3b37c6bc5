package io.postrain.curate;

import java.util.Locale;

/** How bad a linter finding is; a job may refuse a data set with an {@link #ERROR}. */
public enum Severity {
  /** Nothing found. */
  OK,
  /** Found, but expected (e.g. a shortcut on a word the data is meant to teach). */
  INFO,
  /** Worth a look: the data may teach something unintended. */
  WARNING,
  /** The data is broken or certainly teaches the wrong thing. */
  ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Severity max(Severity other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
