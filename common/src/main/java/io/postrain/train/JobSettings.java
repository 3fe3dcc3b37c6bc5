package io.postrain.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.events.Events;
import io.postrain.events.InvalidEventException;
import java.util.Set;

/**
 * The validated training settings of a job: the method's config record and the LoRA settings. The
 * one parser of a training job's {@code method}, {@code config} and {@code lora}: the trainer runs
 * what it returns and curation-service refuses at its own edge what it refuses, with the same
 * messages.
 *
 * @param method {@code sft} or {@code dpo}
 * @param sft the SFT config when {@code method} is sft, else null
 * @param dpo the DPO config when {@code method} is dpo, else null
 * @param lora LoRA settings, or null for full fine-tuning
 * @param lint what the job does with the dataset linter's findings, read from the config's top
 *     level ({@link LintSettings}); never null
 */
public record JobSettings(
    String method, SftConfig sft, DpoConfig dpo, LoraConfig lora, LintSettings lint) {

  public JobSettings {
    lint = lint == null ? LintSettings.DEFAULTS : lint;
  }

  /** Accepted training methods. */
  public static final Set<String> METHODS = Set.of("sft", "dpo");

  /**
   * Reads and validates a job's settings.
   *
   * @param method {@code sft} or {@code dpo}
   * @param configJson the SftConfig / DpoConfig JSON (absent fields take TRL's defaults), or null
   *     for all defaults; its top-level {@link LintSettings} fields are read and taken out first
   * @param loraJson the LoraConfig JSON, or null for full fine-tuning
   * @throws InvalidEventException naming the field ({@code method}, {@code config} or {@code lora})
   *     with the config record's validation message
   */
  public static JobSettings parse(String method, String configJson, String loraJson) {
    if (method == null || !METHODS.contains(method)) {
      throw new InvalidEventException(
          "method", "unknown method '" + method + "': accepted are sft and dpo");
    }
    String config = configJson == null || configJson.isBlank() ? "{}" : configJson;
    LintSettings lint = LintSettings.DEFAULTS;
    ObjectNode object = object(config);
    if (object != null) {
      lint = LintSettings.extract(object);
      config = object.toString();
    }
    SftConfig sft = null;
    DpoConfig dpo = null;
    try {
      if (method.equals("sft")) {
        sft = SftConfig.fromJson(config);
      } else {
        dpo = DpoConfig.fromJson(config);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          "config", "invalid " + method + " config: " + e.getMessage(), e);
    }
    LoraConfig lora = null;
    if (loraJson != null && !loraJson.isBlank() && !loraJson.equals("null")) {
      try {
        lora = LoraConfig.fromJson(loraJson);
      } catch (IllegalArgumentException e) {
        throw new InvalidEventException("lora", "invalid lora config: " + e.getMessage(), e);
      }
    }
    return new JobSettings(method, sft, dpo, lora, lint);
  }

  /** The config as an object, or null when it is not one (the config record then says why). */
  private static ObjectNode object(String json) {
    try {
      JsonNode node = Events.mapper().readTree(json);
      return node instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The training loop settings of the job's method. */
  public TrainingConfig training() {
    return sft != null ? sft.training() : dpo.training();
  }

  /**
   * The optimizer steps the job will train on {@code examples} rows: the training loop's own count
   * ({@link TrainingConfig#totalOptimizerSteps}).
   */
  public int totalSteps(int examples) {
    return training().totalOptimizerSteps(examples);
  }

  /**
   * Refuses a job longer than {@code maxSteps} optimizer steps on {@code examples} rows: the
   * trainer runs one job at a time, so an absurd one (say {@code numTrainEpochs: 1e9}) would hold
   * it until cancelled.
   *
   * @throws InvalidEventException naming {@code config.training.maxSteps} when it is set, else
   *     {@code config.training.numTrainEpochs}
   */
  public void checkSteps(int examples, int maxSteps) {
    int steps = totalSteps(examples);
    if (steps <= maxSteps) {
      return;
    }
    TrainingConfig t = training();
    String detail =
        t.maxSteps() > 0
            ? "maxSteps is " + t.maxSteps()
            : "numTrainEpochs "
                + t.numTrainEpochs()
                + " x "
                + examples
                + " rows / (batch "
                + t.perDeviceTrainBatchSize()
                + " x accumulation "
                + t.gradientAccumulationSteps()
                + ")";
    throw new InvalidEventException(
        t.maxSteps() > 0 ? "config.training.maxSteps" : "config.training.numTrainEpochs",
        "the job would train "
            + (steps == Integer.MAX_VALUE ? "over 2 billion" : String.valueOf(steps))
            + " optimizer steps ("
            + detail
            + "): accepted are at most "
            + maxSteps
            + " (postrain.trainer.jobs.max-steps); lower "
            + (t.maxSteps() > 0 ? "maxSteps" : "numTrainEpochs or set maxSteps"));
  }

  /**
   * Checks a job's regularisation dataset against its settings: only dpo jobs take one, it must not
   * be blank, and it goes with a DPO config whose {@code regularizationWeight} is > 0 (a weight
   * without data, or data without a weight, would silently train something else than asked).
   *
   * @param regularizationDatasetId the SFT dataset of the regulariser, or null for none
   * @throws InvalidEventException naming {@code regularizationDatasetId} or {@code config}
   */
  public void checkRegularization(String regularizationDatasetId) {
    double weight = dpo == null ? 0 : dpo.regularizationWeight();
    if (regularizationDatasetId == null) {
      if (weight > 0) {
        throw new InvalidEventException(
            "regularizationDatasetId",
            "config.regularizationWeight is "
                + weight
                + " but the job names no regularizationDatasetId: give the SFT dataset to"
                + " rehearse, or set the weight to 0");
      }
      return;
    }
    if (regularizationDatasetId.isBlank()) {
      throw new InvalidEventException(
          "regularizationDatasetId",
          "regularizationDatasetId is blank: expected an SFT dataset id, or leave it out");
    }
    if (!method.equals("dpo")) {
      throw new InvalidEventException(
          "regularizationDatasetId",
          "regularizationDatasetId is only accepted for dpo jobs (the DPO loss's SFT"
              + " regulariser): this job's method is "
              + method
              + "; leave it out");
    }
    if (weight == 0) {
      throw new InvalidEventException(
          "config",
          "the job names regularizationDatasetId "
              + regularizationDatasetId
              + " but config.regularizationWeight is 0: set a weight > 0 (e.g. 1.0) or leave the"
              + " dataset out");
    }
  }
}
