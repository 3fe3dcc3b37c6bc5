package io.postrain.trainer.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.LengthMeasure;
import io.postrain.curate.LintFindings;
import io.postrain.curate.Linter;
import io.postrain.curate.Severity;
import io.postrain.data.JsonlWriter;
import io.postrain.lm.tokenizer.Tokenizer;
import io.postrain.train.JobSettings;
import io.postrain.trainer.repository.JobEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The dataset linter before a job starts: lints the rows the job will train on (the first {@code
 * expectedExamples} of its dataset, in the order training reads them), measuring rows in tokens of
 * the base model's chat template against the config's {@code maxLength}, and stores the report on
 * the job. With {@code refuseLintErrors} a report whose worst severity is {@code error} refuses the
 * job. A job linted before (a resumed one) keeps its report.
 */
@ApplicationScoped
public class DatasetLint {

  private static final Logger LOG = Logger.getLogger(DatasetLint.class);

  @Inject DatasetService datasets;

  @Inject ModelStore models;

  @Inject JobTransitions transitions;

  /**
   * Lints the job's dataset unless it was linted before.
   *
   * @return why the job must not train (its settings refuse lint errors and the report has some),
   *     or empty
   */
  public Optional<String> check(JobEntity job, JobSettings settings) {
    String severity = job.lintSeverity;
    String summary = null;
    if (severity == null) {
      ObjectNode report = lint(job, settings);
      severity = report.get("severity").asText();
      summary = LintFindings.summary(report, Severity.ERROR);
      transitions.linted(job.id, report.toString(), severity);
      LOG.infof(
          "job %s: dataset %s linted: %s%s",
          job.id, job.datasetId, severity, summary.isEmpty() ? "" : " (" + summary + ")");
    } else if (severity.equals(Severity.ERROR.label())) {
      summary = LintFindings.summary(JobViews.tree(job.lint), Severity.ERROR);
    }
    if (!settings.lint().refuseLintErrors() || !severity.equals(Severity.ERROR.label())) {
      return Optional.empty();
    }
    return Optional.of(
        "the dataset linter found errors in dataset '"
            + job.datasetId
            + "' and config.refuseLintErrors is true: "
            + summary
            + " (see the job's lint report; set lintExpectedWords for words the data teaches on"
            + " purpose)");
  }

  private ObjectNode lint(JobEntity job, JobSettings settings) {
    Path file = tempFile();
    try {
      if (settings.sft() != null) {
        JsonlWriter.writeSft(file, datasets.sftExamples(job.datasetId, job.expectedExamples));
      } else {
        JsonlWriter.writePreference(
            file, datasets.preferencePairs(job.datasetId, job.expectedExamples));
      }
      Path base = models.require("baseModel", "base model", job.baseModel);
      ObjectNode report;
      try (Tokenizer tokenizer = Tokenizer.load(base)) {
        report =
            new Linter(
                    settings.training().maxLength(),
                    LengthMeasure.tokens(tokenizer),
                    settings.lint().lintExpectedWords())
                .lint(file);
      }
      report.remove("file");
      report.put("datasetId", job.datasetId);
      return report;
    } finally {
      delete(file);
    }
  }

  private static Path tempFile() {
    try {
      return Files.createTempFile("postrain-lint-", ".jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a file for the dataset linter: " + e, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warnf("cannot delete the linter's file %s: %s", file, e);
    }
  }
}
