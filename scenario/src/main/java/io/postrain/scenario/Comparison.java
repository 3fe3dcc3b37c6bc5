package io.postrain.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Two evaluations of the same scenario side by side.
 *
 * @param before the report before training
 * @param after the report after training
 * @param table the before/after table (identity rates, every skill, retention)
 * @param verdict the decision with its sentence
 */
public record Comparison(EvalReport before, EvalReport after, String table, Verdict verdict) {

  /**
   * Compares two reports judged with the same names.
   *
   * @param before the report before training
   * @param after the report after training
   * @return the comparison
   */
  public static Comparison of(EvalReport before, EvalReport after) {
    if (!before.names().equals(after.names())) {
      throw new IllegalArgumentException(
          "reports judged with different names cannot be compared: "
              + before.names()
              + " vs "
              + after.names());
    }
    return new Comparison(
        before, after, ReportTables.comparison(before, after), decide(before, after));
  }

  private static Verdict decide(EvalReport before, EvalReport after) {
    double identity = after.identityNewRate();
    double retentionBefore = before.retention().accuracy();
    double retentionAfter = after.retention().accuracy();
    double drop = 100 * (retentionBefore - retentionAfter);
    boolean identityOk = identity >= Verdict.MIN_IDENTITY_RATE - Verdict.TOLERANCE;
    boolean retentionOk = drop <= Verdict.MAX_RETENTION_DROP_POINTS + Verdict.TOLERANCE;
    SortedMap<String, Double> skillDrops = new TreeMap<>();
    List<String> perSkill = new ArrayList<>();
    List<String> fallen = new ArrayList<>();
    SortedMap<String, SkillScore> b = before.skillScores();
    for (SkillScore a : after.skillScores().values()) {
      SkillScore x = b.get(a.skill());
      if (x == null) {
        continue;
      }
      double skillDrop = 100 * (x.accuracy() - a.accuracy());
      skillDrops.put(a.skill(), skillDrop);
      perSkill.add(
          a.skill()
              + " "
              + ReportTables.percent(x.accuracy())
              + " -> "
              + ReportTables.percent(a.accuracy()));
      if (skillDrop > Verdict.MAX_RETENTION_DROP_POINTS + Verdict.TOLERANCE) {
        fallen.add(a.skill());
      }
    }
    boolean pass = identityOk && retentionOk;
    String sentence =
        String.format(
            Locale.ROOT,
            "%s: %s of held-out identity answers name %s (%s; at least %s needed); skill retention"
                + " %s -> %s, a drop of %.1f points (%s; at most %.1f allowed). Per skill: %s.%s",
            pass ? "PASS" : "FAIL",
            ReportTables.percent(identity),
            after.names().newName(),
            identityOk ? "ok" : "too low",
            ReportTables.percent(Verdict.MIN_IDENTITY_RATE),
            ReportTables.percent(retentionBefore),
            ReportTables.percent(retentionAfter),
            drop,
            retentionOk ? "ok" : "too much",
            Verdict.MAX_RETENTION_DROP_POINTS,
            String.join(", ", perSkill),
            fallen.isEmpty()
                ? ""
                : " Skills that fell more than "
                    + Verdict.MAX_RETENTION_DROP_POINTS
                    + " points: "
                    + String.join(", ", fallen)
                    + ".");
    return new Verdict(pass, identity, retentionBefore, retentionAfter, drop, skillDrops, sentence);
  }
}
