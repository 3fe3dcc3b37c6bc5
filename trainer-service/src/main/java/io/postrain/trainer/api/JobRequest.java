package io.postrain.trainer.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /jobs}: the fields of a {@code TrainingJobEvent}.
 *
 * @param id the job id, or null for a fresh one
 * @param datasetId the dataset to train on
 * @param method {@code sft} or {@code dpo}
 * @param baseModel {@code name}, {@code name:version} or {@code name:latest}
 * @param outputModel the model name the result is stored under
 * @param expectedExamples rows to wait for; null or 0 = the rows the dataset holds now
 * @param config SftConfig / DpoConfig JSON; null = defaults
 * @param lora LoraConfig JSON; null = full fine-tuning
 * @param regularizationDatasetId a dpo job's SFT dataset whose NLL the loss adds (weight {@code
 *     regularizationWeight} of the config); null = none
 * @param regularizationExamples SFT rows of it to wait for and use; null or 0 = the rows it holds
 *     now
 */
public record JobRequest(
    String id,
    String datasetId,
    String method,
    String baseModel,
    String outputModel,
    Integer expectedExamples,
    JsonNode config,
    JsonNode lora,
    String regularizationDatasetId,
    Integer regularizationExamples) {}
