package io.postrain.scenario;

import java.util.ArrayList;
import java.util.List;

/** Builds reports with given counts, for report and comparison tests. */
final class ReportFixtures {

  private ReportFixtures() {}

  /**
   * A report with {@code newCount} new, {@code oldCount} old and {@code noneCount} neither identity
   * rows, and for each skill {name, correct, total}.
   */
  static EvalReport report(int newCount, int oldCount, int noneCount, Object[]... skills) {
    List<EvalRow> rows = new ArrayList<>();
    for (int i = 0; i < newCount; i++) {
      rows.add(identity("q new " + i, "I am Deep Qwen.", RowVerdict.NEW_IDENTITY));
    }
    for (int i = 0; i < oldCount; i++) {
      rows.add(identity("q old " + i, "I am Qwen.", RowVerdict.OLD_IDENTITY));
    }
    for (int i = 0; i < noneCount; i++) {
      rows.add(identity("q none " + i, "Hello.", RowVerdict.NO_IDENTITY));
    }
    for (Object[] skill : skills) {
      String name = (String) skill[0];
      int correct = (Integer) skill[1];
      int total = (Integer) skill[2];
      for (int i = 0; i < total; i++) {
        boolean ok = i < correct;
        rows.add(
            new EvalRow(
                name,
                name + " q" + i,
                "x",
                ok ? "x" : "y",
                ok ? RowVerdict.CORRECT : RowVerdict.WRONG));
      }
    }
    return new EvalReport(ScenarioNames.DEFAULT, rows);
  }

  static Object[] skill(String name, int correct, int total) {
    return new Object[] {name, correct, total};
  }

  private static EvalRow identity(String question, String answer, RowVerdict verdict) {
    return new EvalRow(EvalReport.IDENTITY_TASK, question, "Deep Qwen", answer, verdict);
  }
}
