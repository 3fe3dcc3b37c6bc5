package io.postrain.trainer.service;

import io.postrain.service.ApiException;
import io.postrain.train.DpoConfig;
import io.postrain.train.LoraConfig;
import io.postrain.train.SftConfig;
import java.util.Set;

/**
 * The validated training settings of a job: the method's config record and the LoRA settings.
 *
 * @param method {@code sft} or {@code dpo}
 * @param sft the SFT config when {@code method} is sft, else null
 * @param dpo the DPO config when {@code method} is dpo, else null
 * @param lora LoRA settings, or null for full fine-tuning
 */
public record JobSettings(String method, SftConfig sft, DpoConfig dpo, LoraConfig lora) {

  /** Accepted training methods. */
  public static final Set<String> METHODS = Set.of("sft", "dpo");

  /**
   * Reads and validates a job's settings.
   *
   * @param method {@code sft} or {@code dpo}
   * @param configJson the SftConfig / DpoConfig JSON (absent fields take TRL's defaults), or null
   *     for all defaults
   * @param loraJson the LoraConfig JSON, or null for full fine-tuning
   * @throws ApiException (400) naming the field ({@code method}, {@code config} or {@code lora})
   *     and the config record's validation message
   */
  public static JobSettings parse(String method, String configJson, String loraJson) {
    if (method == null || !METHODS.contains(method)) {
      throw ApiException.badRequest(
          "method", "unknown method '" + method + "': accepted are sft and dpo");
    }
    String config = configJson == null || configJson.isBlank() ? "{}" : configJson;
    SftConfig sft = null;
    DpoConfig dpo = null;
    try {
      if (method.equals("sft")) {
        sft = SftConfig.fromJson(config);
      } else {
        dpo = DpoConfig.fromJson(config);
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("config", "invalid " + method + " config: " + e.getMessage());
    }
    LoraConfig lora = null;
    if (loraJson != null && !loraJson.isBlank() && !loraJson.equals("null")) {
      try {
        lora = LoraConfig.fromJson(loraJson);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("lora", "invalid lora config: " + e.getMessage());
      }
    }
    return new JobSettings(method, sft, dpo, lora);
  }

  /**
   * Checks a job's regularisation dataset against its settings: only dpo jobs take one, it must not
   * be blank, and it goes with a DPO config whose {@code regularizationWeight} is > 0 (a weight
   * without data, or data without a weight, would silently train something else than asked).
   *
   * @param regularizationDatasetId the SFT dataset of the regulariser, or null for none
   * @throws ApiException (400) naming {@code regularizationDatasetId} or {@code config}
   */
  public void checkRegularization(String regularizationDatasetId) {
    double weight = dpo == null ? 0 : dpo.regularizationWeight();
    if (regularizationDatasetId == null) {
      if (weight > 0) {
        throw ApiException.badRequest(
            "regularizationDatasetId",
            "config.regularizationWeight is "
                + weight
                + " but the job names no regularizationDatasetId: give the SFT dataset to"
                + " rehearse, or set the weight to 0");
      }
      return;
    }
    if (regularizationDatasetId.isBlank()) {
      throw ApiException.badRequest(
          "regularizationDatasetId",
          "regularizationDatasetId is blank: expected an SFT dataset id, or leave it out");
    }
    if (!method.equals("dpo")) {
      throw ApiException.badRequest(
          "regularizationDatasetId",
          "regularizationDatasetId is only accepted for dpo jobs (the DPO loss's SFT"
              + " regulariser): this job's method is "
              + method
              + "; leave it out");
    }
    if (weight == 0) {
      throw ApiException.badRequest(
          "config",
          "the job names regularizationDatasetId "
              + regularizationDatasetId
              + " but config.regularizationWeight is 0: set a weight > 0 (e.g. 1.0) or leave the"
              + " dataset out");
    }
  }
}
