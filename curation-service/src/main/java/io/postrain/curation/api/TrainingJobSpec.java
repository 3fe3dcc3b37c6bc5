package io.postrain.curation.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A training job to request: {@code method} ({@code dpo} or {@code sft}, matching the dataset),
 * {@code baseModel} (defaults to the campaign's model), {@code outputModel}, the trainer's {@code
 * config} object, an optional {@code lora} object and, for dpo, an optional {@code
 * regularizationDatasetId}: a curation dataset of kind sft whose rows the DPO loss adds as an NLL
 * regulariser (weight {@code regularizationWeight} in {@code config}).
 */
public record TrainingJobSpec(
    String method,
    String baseModel,
    String outputModel,
    JsonNode config,
    JsonNode lora,
    String regularizationDatasetId) {}
