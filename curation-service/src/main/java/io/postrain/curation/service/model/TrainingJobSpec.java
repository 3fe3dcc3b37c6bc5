package io.postrain.curation.service.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A training job to request: {@code method} ({@code dpo} or {@code sft}, matching the dataset),
 * {@code baseModel} (defaults to the campaign's model), {@code outputModel}, the trainer's {@code
 * config} object and an optional {@code lora} object.
 */
public record TrainingJobSpec(
    String method, String baseModel, String outputModel, JsonNode config, JsonNode lora) {}
