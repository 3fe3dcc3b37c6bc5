package io.postrain.curation.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.LengthMeasure;
import io.postrain.curate.Linter;
import io.postrain.curation.repository.DatasetRowEntity;
import io.postrain.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * {@code GET /datasets/{id}/lint}: the library's dataset linter over a dataset's rows, written in
 * TRL's conversational format (as exported) to a temporary file that the linter streams. Rows are
 * measured in words (curation-service holds no tokenizer).
 */
@ApplicationScoped
public class DatasetLint {

  private static final Logger LOG = Logger.getLogger(DatasetLint.class);

  @Inject DatasetService datasets;

  /**
   * The linter's report: one section per check and {@code severity}, the worst.
   *
   * @param maxLength the longest row in words ({@code --max-length}), or null for no check
   * @param expectedWords words the data teaches on purpose ({@code --expected-words}), or null
   * @throws ApiException 400 bad id or parameter, 404 unknown dataset, 409 a dataset with no rows
   */
  @Transactional
  public ObjectNode lint(String datasetId, String maxLength, String expectedWords) {
    Integer max = maxLength(maxLength);
    if (expectedWords != null && expectedWords.isBlank()) {
      throw ApiException.badRequest(
          "expectedWords",
          "expectedWords is blank: give the words the data teaches on purpose, e.g. Deep Qwen, or"
              + " leave it out");
    }
    datasets.requireExists(datasetId);
    if (DatasetRowEntity.countOfDataset(datasetId) == 0) {
      throw ApiException.conflict("dataset " + datasetId + " has no rows yet: nothing to lint");
    }
    Path file = tempFile();
    try {
      try (OutputStream out = Files.newOutputStream(file)) {
        datasets.export(datasetId, out);
      }
      ObjectNode report = new Linter(max, LengthMeasure.words(), expectedWords).lint(file);
      report.remove("file");
      return report.put("datasetId", datasetId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dataset " + datasetId + " for the linter", e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warnf("cannot delete the linter's file %s: %s", file, e);
      }
    }
  }

  private static Integer maxLength(String text) {
    if (text == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below, with what is accepted
    }
    throw ApiException.badRequest(
        "maxLength",
        "maxLength is '"
            + text
            + "': accepted is a positive whole number of words, or leave it out");
  }

  private static Path tempFile() {
    try {
      return Files.createTempFile("postrain-lint-", ".jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a file for the dataset linter: " + e, e);
    }
  }
}
