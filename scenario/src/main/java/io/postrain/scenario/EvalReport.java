package io.postrain.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of evaluating a model on held-out identity and skill questions. Every figure is
 * derived from the rows, so a report read back from JSON gives the same figures.
 *
 * <p>Retention is the overall skill accuracy over all skill rows (each question weighs the same);
 * per-skill accuracies are reported beside it because a rise in one skill can hide a fall in
 * another.
 *
 * @param names the scenario names the identity rows were judged with
 * @param rows the evaluated questions; at least one identity row and one skill row
 */
public record EvalReport(ScenarioNames names, List<EvalRow> rows) {

  /** The task name of identity rows. */
  public static final String IDENTITY_TASK = "identity";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public EvalReport {
    if (names == null) {
      throw new IllegalArgumentException("an eval report needs the scenario names");
    }
    rows = List.copyOf(rows);
    if (rows.stream().noneMatch(row -> row.verdict().identity())
        || rows.stream().allMatch(row -> row.verdict().identity())) {
      throw new IllegalArgumentException(
          "an eval report needs at least one identity row and one skill row, got "
              + rows.size()
              + " rows");
    }
  }

  /** Number of identity rows. */
  public int identityTotal() {
    return (int) rows.stream().filter(row -> row.verdict().identity()).count();
  }

  /** Number of identity rows with the given verdict. */
  public int identityCount(RowVerdict verdict) {
    return (int) rows.stream().filter(row -> row.verdict() == verdict).count();
  }

  /** Fraction of identity answers naming the new identity only. */
  public double identityNewRate() {
    return (double) identityCount(RowVerdict.NEW_IDENTITY) / identityTotal();
  }

  /** Fraction of identity answers still naming the old identity. */
  public double identityOldRate() {
    return (double) identityCount(RowVerdict.OLD_IDENTITY) / identityTotal();
  }

  /** Accuracy per skill, by skill name. */
  public SortedMap<String, SkillScore> skillScores() {
    SortedMap<String, int[]> counts = new TreeMap<>();
    for (EvalRow row : rows) {
      if (!row.verdict().identity()) {
        int[] c = counts.computeIfAbsent(row.task(), k -> new int[2]);
        c[0] += row.verdict() == RowVerdict.CORRECT ? 1 : 0;
        c[1]++;
      }
    }
    SortedMap<String, SkillScore> out = new TreeMap<>();
    counts.forEach((skill, c) -> out.put(skill, new SkillScore(skill, c[0], c[1])));
    return out;
  }

  /** Overall skill accuracy (retention), over all skill rows. */
  public SkillScore retention() {
    int correct = identityCount(RowVerdict.CORRECT);
    int total = rows.size() - identityTotal();
    return new SkillScore("all", correct, total);
  }

  /** The report as pretty-printed JSON: names, identity, skills, retention, rows. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("names")
        .put("oldName", names.oldName())
        .put("orgName", names.orgName())
        .put("newName", names.newName());
    root.putObject("identity")
        .put("total", identityTotal())
        .put("new", identityCount(RowVerdict.NEW_IDENTITY))
        .put("old", identityCount(RowVerdict.OLD_IDENTITY))
        .put("neither", identityCount(RowVerdict.NO_IDENTITY))
        .put("newRate", identityNewRate())
        .put("oldRate", identityOldRate());
    ObjectNode skills = root.putObject("skills");
    skillScores().values().forEach(score -> putScore(skills.putObject(score.skill()), score));
    putScore(root.putObject("retention"), retention());
    ArrayNode rowsNode = root.putArray("rows");
    for (EvalRow row : rows) {
      rowsNode
          .addObject()
          .put("task", row.task())
          .put("question", row.question())
          .put("expected", row.expected())
          .put("answer", row.answer())
          .put("verdict", row.verdict().name());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an eval report failed to serialise", e);
    }
  }

  /**
   * Reads a report written by {@link #toJson()}; the figures are recomputed from the rows.
   *
   * @param json the JSON text
   * @return the report
   */
  public static EvalReport fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      JsonNode n = root.required("names");
      ScenarioNames names =
          new ScenarioNames(
              n.required("oldName").asText(),
              n.required("orgName").asText(),
              n.required("newName").asText());
      List<EvalRow> rows = new ArrayList<>();
      for (JsonNode row : root.required("rows")) {
        rows.add(
            new EvalRow(
                row.required("task").asText(),
                row.required("question").asText(),
                row.required("expected").asText(),
                row.required("answer").asText(),
                RowVerdict.valueOf(row.required("verdict").asText())));
      }
      return new EvalReport(names, rows);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an eval report (expected the JSON of EvalReport.toJson()): " + e.getMessage(), e);
    }
  }

  /** A plain-text summary (identity rates, per-skill accuracy, retention) and one line per row. */
  public String toTable() {
    return ReportTables.report(this);
  }

  /**
   * Compares a report before training with one after: a table and the verdict.
   *
   * @param before the report of the model before (e.g. the SFT base model)
   * @param after the report of the model after (e.g. after DPO)
   * @return the comparison
   */
  public static Comparison compare(EvalReport before, EvalReport after) {
    return Comparison.of(before, after);
  }

  private static void putScore(ObjectNode node, SkillScore score) {
    node.put("correct", score.correct())
        .put("total", score.total())
        .put("accuracy", score.accuracy());
  }
}
