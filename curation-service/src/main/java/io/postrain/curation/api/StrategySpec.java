package io.postrain.curation.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The curation strategy of a campaign: {@code type} ({@code correction} or {@code distillation})
 * and its {@code settings} object.
 */
public record StrategySpec(String type, JsonNode settings) {}
