package io.postrain.scenario;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a model the held-out identity and skill questions in batches and scores the answers.
 * Identity questions go first, then skill questions; progress is logged every {@code logEvery}
 * questions.
 */
public final class Evaluator {

  /** Questions per call of the answerer. */
  public static final int DEFAULT_BATCH_SIZE = 16;

  /** Questions between progress lines. */
  public static final int DEFAULT_LOG_EVERY = 100;

  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  private final int batchSize;
  private final int logEvery;

  /**
   * Creates an evaluator.
   *
   * @param batchSize questions per call of the answerer, at least 1
   * @param logEvery questions between progress lines, at least 1
   */
  public Evaluator(int batchSize, int logEvery) {
    if (batchSize < 1 || logEvery < 1) {
      throw new IllegalArgumentException(
          "batchSize and logEvery must be >= 1, got " + batchSize + " and " + logEvery);
    }
    this.batchSize = batchSize;
    this.logEvery = logEvery;
  }

  /** An evaluator with {@link #DEFAULT_BATCH_SIZE} and {@link #DEFAULT_LOG_EVERY}. */
  public Evaluator() {
    this(DEFAULT_BATCH_SIZE, DEFAULT_LOG_EVERY);
  }

  /**
   * Evaluates a model.
   *
   * @param answerer the model
   * @param heldOutIdentity identity questions (normally {@link IdentityCorpus#heldOut()}), not
   *     empty
   * @param heldOutSkills skill questions (normally {@link SkillCorpus#heldOut()}), not empty
   * @param names the names identity answers are judged with
   * @return the report, rows in question order
   */
  public EvalReport evaluate(
      Answerer answerer,
      List<IdentityItem> heldOutIdentity,
      List<SkillItem> heldOutSkills,
      ScenarioNames names) {
    if (heldOutIdentity.isEmpty() || heldOutSkills.isEmpty()) {
      throw new IllegalArgumentException(
          "evaluation needs at least one identity and one skill question, got "
              + heldOutIdentity.size()
              + " and "
              + heldOutSkills.size());
    }
    List<String> questions = new ArrayList<>();
    heldOutIdentity.forEach(item -> questions.add(item.question()));
    heldOutSkills.forEach(item -> questions.add(item.question()));
    List<String> answers = answerAll(answerer, questions);
    List<EvalRow> rows = new ArrayList<>();
    for (int i = 0; i < heldOutIdentity.size(); i++) {
      String answer = answers.get(i);
      RowVerdict verdict =
          Scoring.namesNewIdentity(answer, names)
              ? RowVerdict.NEW_IDENTITY
              : Scoring.namesOldIdentity(answer, names)
                  ? RowVerdict.OLD_IDENTITY
                  : RowVerdict.NO_IDENTITY;
      rows.add(
          new EvalRow(
              EvalReport.IDENTITY_TASK, questions.get(i), names.newName(), answer, verdict));
    }
    for (int i = 0; i < heldOutSkills.size(); i++) {
      SkillItem item = heldOutSkills.get(i);
      String answer = answers.get(heldOutIdentity.size() + i);
      RowVerdict verdict =
          Scoring.skillCorrect(item, answer) ? RowVerdict.CORRECT : RowVerdict.WRONG;
      rows.add(new EvalRow(item.skill(), item.question(), item.answer(), answer, verdict));
    }
    EvalReport report = new EvalReport(names, rows);
    LOG.info(
        "evaluated {} questions: identity {} new / {} old, retention {}",
        rows.size(),
        ReportTables.percent(report.identityNewRate()),
        ReportTables.percent(report.identityOldRate()),
        ReportTables.percent(report.retention().accuracy()));
    return report;
  }

  private List<String> answerAll(Answerer answerer, List<String> questions) {
    List<String> answers = new ArrayList<>(questions.size());
    int nextLog = logEvery;
    for (int start = 0; start < questions.size(); start += batchSize) {
      List<String> batch = questions.subList(start, Math.min(start + batchSize, questions.size()));
      List<String> got = answerer.answer(List.copyOf(batch));
      if (got == null || got.size() != batch.size()) {
        throw new IllegalStateException(
            "the answerer returned "
                + (got == null ? "null" : got.size() + " answers")
                + " for a batch of "
                + batch.size()
                + " questions; it must return one answer per question");
      }
      for (String answer : got) {
        if (answer == null) {
          throw new IllegalStateException(
              "the answerer returned a null answer; it must return a string (maybe empty)");
        }
        answers.add(answer);
      }
      if (answers.size() >= nextLog || answers.size() == questions.size()) {
        LOG.info("answered {}/{} questions", answers.size(), questions.size());
        nextLog = (answers.size() / logEvery + 1) * logEvery;
      }
    }
    return answers;
  }
}
