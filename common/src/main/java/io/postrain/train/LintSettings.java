package io.postrain.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.events.InvalidEventException;

/**
 * What a training job does with the dataset linter's findings ({@code io.postrain.curate.Linter},
 * run by the trainer before the job starts; TRL has no such step). Read by {@link JobSettings} from
 * the top level of the job's {@code config}, next to the method's own fields:
 *
 * <pre>{"beta": 0.2, "refuseLintErrors": true, "lintExpectedWords": "Deep Qwen"}</pre>
 *
 * @param refuseLintErrors boolean, default false; true = the job fails, naming the findings, when
 *     the linter's worst severity over its dataset is {@code error}; false = the findings are
 *     stored on the job and training goes on
 * @param lintExpectedWords String or null, default null; words the data teaches on purpose (e.g.
 *     the new name "Deep Qwen"): a shortcut on one of them is {@code info}, not an error (the
 *     linter's {@code --expected-words})
 */
public record LintSettings(boolean refuseLintErrors, String lintExpectedWords) {

  /** The settings of a config that names neither field. */
  public static final LintSettings DEFAULTS = new LintSettings(false, null);

  /** The config fields this record reads. */
  static final String REFUSE = "refuseLintErrors";

  static final String EXPECTED = "lintExpectedWords";

  public LintSettings {
    if (lintExpectedWords != null && lintExpectedWords.isBlank()) {
      throw new IllegalArgumentException(
          EXPECTED + " must be words such as \"Deep Qwen\", or left out (got a blank string)");
    }
  }

  /**
   * Takes this record's fields out of a job's config object (so the method's config record, which
   * refuses unknown fields, never sees them).
   *
   * @throws InvalidEventException naming {@code config.refuseLintErrors} or {@code
   *     config.lintExpectedWords} when one has the wrong type
   */
  static LintSettings extract(ObjectNode config) {
    JsonNode refuse = config.remove(REFUSE);
    JsonNode expected = config.remove(EXPECTED);
    if (refuse != null && !refuse.isNull() && !refuse.isBoolean()) {
      throw new InvalidEventException(
          "config." + REFUSE, "config." + REFUSE + " must be true or false (got " + refuse + ")");
    }
    if (expected != null && !expected.isNull() && !expected.isTextual()) {
      throw new InvalidEventException(
          "config." + EXPECTED,
          "config."
              + EXPECTED
              + " must be a string of words, e.g. \"Deep Qwen\" (got "
              + expected
              + ")");
    }
    try {
      return new LintSettings(
          refuse != null && refuse.asBoolean(),
          expected == null || expected.isNull() ? null : expected.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("config." + EXPECTED, "config." + e.getMessage(), e);
    }
  }
}
