package io.postrain.scenario;

/**
 * One evaluated question.
 *
 * @param task {@link EvalReport#IDENTITY_TASK} or a skill name
 * @param question the user message
 * @param expected the expected answer of a skill item, or the new name for identity rows
 * @param answer what the model answered
 * @param verdict the verdict; identity verdicts for identity rows, CORRECT/WRONG otherwise
 */
public record EvalRow(
    String task, String question, String expected, String answer, RowVerdict verdict) {

  public EvalRow {
    if (task == null || question == null || expected == null || answer == null || verdict == null) {
      throw new IllegalArgumentException(
          "an eval row needs task, question, expected, answer and verdict (no nulls)");
    }
    boolean identityTask = task.equals(EvalReport.IDENTITY_TASK);
    if (identityTask != verdict.identity()) {
      throw new IllegalArgumentException(
          "verdict "
              + verdict
              + " does not fit task '"
              + task
              + "': identity rows take NEW_IDENTITY/OLD_IDENTITY/NO_IDENTITY, skill rows"
              + " CORRECT/WRONG");
    }
  }
}
