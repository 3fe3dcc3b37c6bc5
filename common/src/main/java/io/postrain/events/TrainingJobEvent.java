package io.postrain.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.train.JobSettings;
import java.time.Instant;

/**
 * A request to train a model on a dataset (topic {@link Topics#TRAINING_JOBS}). The dataset's rows
 * travel separately on {@link Topics#PREFERENCE_PAIRS} or {@link Topics#SFT_EXAMPLES}; the trainer
 * starts once it holds {@code expectedExamples} rows of {@code datasetId}, and, for a DPO job with
 * a regularisation dataset, {@code regularizationExamples} SFT rows of {@code
 * regularizationDatasetId} (whose negative log-likelihood the DPO loss adds with weight {@code
 * regularizationWeight} of the config).
 *
 * <p>The job id, dataset ids and output model follow {@link Names#RULE}; the base model and a DPO
 * config's {@code refModelPath} are model references ({@link ModelReference#FORMS}).
 *
 * @param id unique job id; the trainer drops a redelivered id
 * @param schemaVersion {@link Events#SCHEMA_VERSION}
 * @param timestamp when the job was requested
 * @param datasetId the dataset to train on
 * @param method {@code sft} or {@code dpo}
 * @param baseModel the model to start from: {@code name}, {@code name:version} or {@code
 *     name:latest}
 * @param outputModel the model name the result is stored under (a new version of it)
 * @param expectedExamples rows in the dataset, at least 1
 * @param config the trainer's SftConfig / DpoConfig as a JSON object with camelCase fields; {@code
 *     {}} (all defaults) when left out
 * @param lora LoRA settings as a JSON object, or null for full fine-tuning
 * @param regularizationDatasetId the SFT dataset of the DPO regulariser, or null for none (left out
 *     by producers that predate it)
 * @param regularizationExamples SFT rows of {@code regularizationDatasetId} to wait for and use: 0
 *     when there is none, at least 1 when there is one
 */
public record TrainingJobEvent(
    String id,
    int schemaVersion,
    Instant timestamp,
    String datasetId,
    String method,
    String baseModel,
    String outputModel,
    int expectedExamples,
    JsonNode config,
    JsonNode lora,
    String regularizationDatasetId,
    int regularizationExamples) {

  /** The field of a DPO config naming the reference model, a model reference here. */
  public static final String REF_MODEL = "refModelPath";

  public TrainingJobEvent {
    Checks.envelope(id, schemaVersion, timestamp);
    Names.check("id", id);
    Names.check("datasetId", datasetId);
    Checks.oneOf("method", method, JobSettings.METHODS);
    ModelReference.parse("baseModel", baseModel);
    Names.check("outputModel", outputModel);
    Checks.range("expectedExamples", expectedExamples, 1, Integer.MAX_VALUE);
    config = Checks.object("config", config, true);
    checkReferenceModel(config);
    lora = Checks.object("lora", lora, false);
    if (regularizationDatasetId == null) {
      if (regularizationExamples != 0) {
        throw new InvalidEventException(
            "regularizationExamples",
            "regularizationExamples is "
                + regularizationExamples
                + " without a regularizationDatasetId: accepted is 0 (or name the dataset)");
      }
    } else {
      Names.check("regularizationDatasetId", regularizationDatasetId);
      if (regularizationExamples < 1) {
        throw new InvalidEventException(
            "regularizationExamples",
            "regularizationExamples is "
                + regularizationExamples
                + " with regularizationDatasetId '"
                + regularizationDatasetId
                + "': accepted is at least 1 (the SFT rows to use)");
      }
    }
  }

  /**
   * Requires the config's {@code refModelPath}, when set, to be a model reference ({@link
   * ModelReference#FORMS}) that the trainer resolves in its store, never a file path.
   *
   * @param config the job's config object
   * @throws InvalidEventException naming {@code config.refModelPath}
   */
  public static void checkReferenceModel(JsonNode config) {
    JsonNode ref = config.get(REF_MODEL);
    if (ref != null && !ref.isNull()) {
      String field = "config." + REF_MODEL;
      if (!ref.isTextual()) {
        throw new InvalidEventException(
            field,
            field
                + " is a JSON "
                + ref.getNodeType().name().toLowerCase()
                + ": expected "
                + ModelReference.FORMS);
      }
      ModelReference.parse(field, ref.asText());
    }
  }
}
