package io.postrain.curation.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curation.api.DatasetView;
import io.postrain.curation.api.TrainingJobSpec;
import io.postrain.curation.api.TrainingJobView;
import io.postrain.curation.config.CurationConfig;
import io.postrain.curation.repository.DatasetEntity;
import io.postrain.curation.repository.DatasetKind;
import io.postrain.curation.repository.DatasetOrigin;
import io.postrain.curation.repository.DatasetRowEntity;
import io.postrain.curation.service.strategy.Curated;
import io.postrain.events.Events;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Lists, exports, imports and trains datasets. */
@ApplicationScoped
public class DatasetService {

  /** The strategy name stored on imported rows. */
  public static final String IMPORT_STRATEGY = "import";

  @Inject CurationConfig config;

  @Inject TrainingJobPublisher jobs;

  @Inject TrainingOutcomes outcomes;

  /** Every dataset, newest first, without samples. */
  @Transactional
  public List<DatasetView> list() {
    return DatasetEntity.listNewestFirst().stream().map(d -> view(d, 0)).toList();
  }

  /**
   * One dataset with its first rows as a sample.
   *
   * @throws ApiException 404 if unknown
   */
  @Transactional
  public DatasetView get(String datasetId) {
    return view(find(datasetId), config.datasets().sampleRows());
  }

  /**
   * Checks that a dataset exists.
   *
   * @throws ApiException 404 if unknown
   */
  @Transactional
  public void requireExists(String datasetId) {
    find(datasetId);
  }

  /**
   * Writes a dataset as JSONL in TRL's conversational format, one row per line.
   *
   * @throws ApiException 404 if unknown
   */
  @Transactional
  public void export(String datasetId, OutputStream out) {
    find(datasetId);
    try (var rows = DatasetRowEntity.streamOfDataset(datasetId)) {
      rows.forEach(
          row -> {
            try {
              out.write(Events.toJson(DatasetRows.toTrl(row)).getBytes(StandardCharsets.UTF_8));
              out.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException("writing the export failed", e);
            }
            DatasetRowEntity.getEntityManager().detach(row);
          });
    }
  }

  /**
   * Imports a dataset from JSONL: {@code {"prompt", "chosen", "rejected"}} lines for {@code
   * preference}, {@code {"prompt", "completion"}} lines for {@code sft}; each side an array of
   * messages or a plain string (a user prompt, an assistant answer).
   *
   * @throws ApiException 400 naming the line and field
   */
  @Transactional
  public DatasetView importJsonl(String name, String kindName, String jsonl) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("name", "query parameter name is missing");
    }
    DatasetKind kind;
    try {
      kind = DatasetKind.fromWireName(kindName);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("kind", e.getMessage());
    }
    DatasetEntity dataset = new DatasetEntity();
    dataset.id = Events.newId();
    dataset.name = name;
    dataset.kind = kind;
    dataset.origin = DatasetOrigin.IMPORT;
    dataset.createdAt = Instant.now();
    List<DatasetRowEntity> rows =
        JsonlLines.map(
            jsonl,
            "body",
            config.limits().maxImportRows(),
            (lineNo, line) ->
                DatasetRows.newRow(
                    dataset.id,
                    lineNo,
                    IMPORT_STRATEGY,
                    Conversations.read(line.get("prompt"), "prompt", "user"),
                    curated(kind, line),
                    DatasetRows.Source.IMPORTED));
    if (rows.isEmpty()) {
      throw ApiException.badRequest(
          "body", "the body holds no rows: expected JSONL, one row per line");
    }
    dataset.persist();
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).seq = i;
      rows.get(i).persist();
    }
    return view(dataset, config.datasets().sampleRows());
  }

  /**
   * Requests training on a dataset: re-publishes the rows of the dataset and of its regularisation
   * dataset where they were imported, then publishes the TrainingJobEvent.
   *
   * @throws ApiException 404 unknown dataset, 400 bad request (including a regularisation dataset
   *     that is unknown or not sft), 409 empty dataset or regularisation dataset
   */
  @Transactional
  public TrainingJobView train(String datasetId, TrainingJobSpec request) {
    DatasetEntity dataset = find(datasetId);
    TrainingJobSpec spec = TrainingJobs.validate(request, dataset.kind, null, "");
    int size = (int) DatasetRowEntity.countOfDataset(datasetId);
    if (size == 0) {
      throw ApiException.conflict("dataset " + datasetId + " has no rows yet: nothing to train on");
    }
    int regularizationRows = jobs.regularizationRows(spec);
    if (spec.regularizationDatasetId() != null && regularizationRows == 0) {
      throw ApiException.conflict(
          "regularization dataset "
              + spec.regularizationDatasetId()
              + " has no rows yet: nothing to regularise on");
    }
    return jobs.publish(spec, dataset, size, regularizationRows);
  }

  private static Curated curated(DatasetKind kind, JsonNode line) {
    if (kind == DatasetKind.PREFERENCE) {
      List<ChatMessage> chosen = Conversations.read(line.get("chosen"), "chosen", "assistant");
      List<ChatMessage> rejected =
          Conversations.read(line.get("rejected"), "rejected", "assistant");
      return new Curated.Pair(chosen, rejected);
    }
    return new Curated.Example(
        Conversations.read(line.get("completion"), "completion", "assistant"));
  }

  private DatasetEntity find(String datasetId) {
    RequestNames.name("id", datasetId);
    DatasetEntity dataset = DatasetEntity.findById(datasetId);
    if (dataset == null) {
      throw ApiException.notFound("no dataset with id '" + datasetId + "'");
    }
    return dataset;
  }

  private DatasetView view(DatasetEntity d, int sampleRows) {
    List<JsonNode> sample =
        sampleRows == 0
            ? List.of()
            : DatasetRowEntity.firstRows(d.id, sampleRows).stream()
                .<JsonNode>map(DatasetRows::toTrl)
                .toList();
    return new DatasetView(
        d.id,
        d.name,
        d.kind.wireName(),
        d.origin.name(),
        DatasetRowEntity.countOfDataset(d.id),
        d.sourceCampaignId,
        d.createdAt,
        sample,
        outcomes.ofDataset(d.id));
  }
}
