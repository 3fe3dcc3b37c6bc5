package io.postrain.scenario;

import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeSet;

/** Plain-text, fixed-width tables for {@link EvalReport} and {@link Comparison}. */
final class ReportTables {

  private static final int TEXT_WIDTH = 40;

  private ReportTables() {}

  /** The summary and per-row table of one report. */
  static String report(EvalReport report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-32s %8s %11s%n", "metric", "rate", "count"));
    int total = report.identityTotal();
    summary(
        out,
        "identity says " + report.names().newName(),
        report.identityNewRate(),
        report.identityCount(RowVerdict.NEW_IDENTITY) + "/" + total);
    summary(
        out,
        "identity says " + report.names().oldName(),
        report.identityOldRate(),
        report.identityCount(RowVerdict.OLD_IDENTITY) + "/" + total);
    for (SkillScore score : report.skillScores().values()) {
      summary(
          out, "skill " + score.skill(), score.accuracy(), score.correct() + "/" + score.total());
    }
    SkillScore all = report.retention();
    summary(out, "retention (all skills)", all.accuracy(), all.correct() + "/" + all.total());
    out.append('\n');
    String format = "%-10s %-12s %-" + TEXT_WIDTH + "s %-" + TEXT_WIDTH + "s%n";
    out.append(String.format(Locale.ROOT, format, "task", "verdict", "question", "answer"));
    for (EvalRow row : report.rows()) {
      out.append(
          String.format(
              Locale.ROOT,
              format,
              cell(row.task(), 10),
              row.verdict().name(),
              cell(row.question(), TEXT_WIDTH),
              cell(row.answer(), TEXT_WIDTH)));
    }
    return out.toString();
  }

  /** The before/after table of a comparison. */
  static String comparison(EvalReport before, EvalReport after) {
    StringBuilder out = new StringBuilder();
    String format = "%-32s %8s %8s %9s%n";
    out.append(String.format(Locale.ROOT, format, "metric", "before", "after", "change"));
    ScenarioNames names = after.names();
    row(
        out,
        format,
        "identity says " + names.newName(),
        before.identityNewRate(),
        after.identityNewRate());
    row(
        out,
        format,
        "identity says " + names.oldName(),
        before.identityOldRate(),
        after.identityOldRate());
    SortedMap<String, SkillScore> b = before.skillScores();
    SortedMap<String, SkillScore> a = after.skillScores();
    TreeSet<String> skills = new TreeSet<>(b.keySet());
    skills.addAll(a.keySet());
    for (String skill : skills) {
      Double x = b.containsKey(skill) ? b.get(skill).accuracy() : null;
      Double y = a.containsKey(skill) ? a.get(skill).accuracy() : null;
      row(out, format, "skill " + skill, x, y);
    }
    row(
        out,
        format,
        "retention (all skills)",
        before.retention().accuracy(),
        after.retention().accuracy());
    return out.toString();
  }

  /** A rate as a percentage with one decimal, e.g. {@code 97.5%}. */
  static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
  }

  /** A change in percentage points with sign, e.g. {@code -2.5 pt}. */
  static String points(double delta) {
    return String.format(Locale.ROOT, "%+.1f pt", 100 * delta);
  }

  private static void summary(StringBuilder out, String metric, double rate, String count) {
    out.append(
        String.format(Locale.ROOT, "%-32s %8s %11s%n", cell(metric, 32), percent(rate), count));
  }

  private static void row(
      StringBuilder out, String format, String metric, Double before, Double after) {
    String change = before == null || after == null ? "-" : points(after - before);
    out.append(
        String.format(
            Locale.ROOT,
            format,
            cell(metric, 32),
            before == null ? "-" : percent(before),
            after == null ? "-" : percent(after),
            change));
  }

  /** Fits text into a column: line breaks shown as {@code \n}, cut with "..." when too long. */
  static String cell(String text, int width) {
    String flat = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
    return flat.length() <= width ? flat : flat.substring(0, width - 3) + "...";
  }
}
