package io.postrain.curation.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curation.api.TrainingJobSpec;
import io.postrain.curation.repository.DatasetEntity;
import io.postrain.curation.repository.DatasetKind;
import io.postrain.events.Events;
import io.postrain.events.InvalidEventException;
import io.postrain.events.TrainingJobEvent;
import io.postrain.service.ApiException;
import io.postrain.train.JobSettings;
import java.time.Instant;

/** Validates training job requests and turns them into {@link TrainingJobEvent}s. */
public final class TrainingJobs {

  private TrainingJobs() {}

  /**
   * Checks a training job request against the dataset kind it will train on, and its regularisation
   * dataset (looked up: call within a transaction).
   *
   * @param spec the request
   * @param kind the dataset's kind; the method must be its training method
   * @param defaultBaseModel the base model when the request names none, or null if it must
   * @param prefix the spec's path in the request body for error fields, e.g. {@code trainingJob.},
   *     or empty
   * @return the request with the default base model filled in
   * @throws ApiException 400 naming the field
   */
  public static TrainingJobSpec validate(
      TrainingJobSpec spec, DatasetKind kind, String defaultBaseModel, String prefix) {
    if (spec == null) {
      throw ApiException.badRequest(
          prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1),
          "the training job is missing: expected {method, baseModel, outputModel, config, lora,"
              + " regularizationDatasetId}");
    }
    checkSettings(spec, prefix);
    if (!spec.method().equals(kind.trainingMethod())) {
      throw ApiException.badRequest(
          prefix + "method",
          prefix
              + "method is '"
              + spec.method()
              + "' but the dataset is "
              + kind.wireName()
              + ": accepted is "
              + kind.trainingMethod());
    }
    String baseModel = blank(spec.baseModel()) ? defaultBaseModel : spec.baseModel();
    if (blank(baseModel)) {
      throw ApiException.badRequest(
          prefix + "baseModel", prefix + "baseModel is missing: expected a model name");
    }
    if (blank(spec.outputModel())) {
      throw ApiException.badRequest(
          prefix + "outputModel",
          prefix + "outputModel is missing: expected the name to store the trained model under");
    }
    TrainingJobNames.check(spec, baseModel, prefix);
    checkRegularization(spec, prefix + "regularizationDatasetId");
    return new TrainingJobSpec(
        spec.method(),
        baseModel,
        spec.outputModel(),
        spec.config(),
        spec.lora(),
        spec.regularizationDatasetId());
  }

  /**
   * The job event for a validated request on a dataset of {@code rows} rows (at least 1), with
   * {@code regularizationRows} rows of its regularisation dataset (at least 1; 0 when none).
   */
  public static TrainingJobEvent event(
      TrainingJobSpec spec, String datasetId, int rows, int regularizationRows) {
    return new TrainingJobEvent(
        Events.newId(),
        Events.SCHEMA_VERSION,
        Instant.now(),
        datasetId,
        spec.method(),
        spec.baseModel(),
        spec.outputModel(),
        rows,
        spec.config(),
        spec.lora(),
        spec.regularizationDatasetId(),
        regularizationRows);
  }

  /**
   * A regularisation dataset (optional; dpo only and not blank, as {@link JobSettings} checked) is
   * an existing sft dataset.
   */
  private static void checkRegularization(TrainingJobSpec spec, String field) {
    String id = spec.regularizationDatasetId();
    if (id == null) {
      return;
    }
    DatasetEntity dataset = DatasetEntity.findById(id);
    if (dataset == null) {
      throw ApiException.badRequest(
          field,
          field
              + " is '"
              + id
              + "', but there is no dataset with that id: accepted is the"
              + " id of an sft dataset");
    }
    if (dataset.kind != DatasetKind.SFT) {
      throw ApiException.badRequest(
          field,
          field
              + " is '"
              + id
              + "', a "
              + dataset.kind.wireName()
              + " dataset: accepted is an sft dataset");
    }
  }

  /**
   * Method, config, LoRA settings and regularisation weight, read by the trainer's own parser: what
   * it refuses is refused here with its message, the field under {@code prefix}.
   */
  private static void checkSettings(TrainingJobSpec spec, String prefix) {
    try {
      JobSettings.parse(spec.method(), json(spec.config()), json(spec.lora()))
          .checkRegularization(spec.regularizationDatasetId());
    } catch (InvalidEventException e) {
      throw ApiException.badRequest(prefix + e.field(), e.getMessage());
    }
  }

  private static String json(JsonNode node) {
    return node == null || node.isNull() ? null : node.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
