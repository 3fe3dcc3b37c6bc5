package io.postrain.curation.service.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curate.CorrectionStrategy;
import io.postrain.curation.api.StrategySpec;
import io.postrain.service.ApiException;

/** Builds the curator a strategy spec names, rejecting unknown types and bad settings. */
public final class Curators {

  private Curators() {}

  /**
   * The curator for {@code {type, settings}}.
   *
   * @throws ApiException 400 naming {@code strategy.type} or the bad setting
   */
  public static Curator create(StrategySpec spec) {
    if (spec == null || spec.type() == null || spec.type().isBlank()) {
      throw ApiException.badRequest(
          "strategy.type",
          "strategy.type is missing: accepted are correction (settings {from, to, replacements}),"
              + " distillation (settings {dropTruncated})");
    }
    JsonNode settings = spec.settings();
    switch (spec.type()) {
      case CorrectionStrategy.NAME:
        try {
          return new CorrectionCurator(CorrectionStrategy.fromSettings(settings));
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("strategy.settings", e.getMessage());
        }
      case DistillationCurator.NAME:
        return new DistillationCurator(dropTruncated(settings));
      default:
        throw ApiException.badRequest(
            "strategy.type",
            "strategy.type is '" + spec.type() + "': accepted are correction, distillation");
    }
  }

  private static boolean dropTruncated(JsonNode settings) {
    if (settings == null || settings.isNull()) {
      return true;
    }
    if (!settings.isObject()) {
      throw ApiException.badRequest(
          "strategy.settings",
          "strategy.settings must be an object like {\"dropTruncated\": true}");
    }
    JsonNode value = settings.get("dropTruncated");
    if (value == null || value.isNull()) {
      return true;
    }
    if (!value.isBoolean()) {
      throw ApiException.badRequest(
          "strategy.settings.dropTruncated",
          "strategy.settings.dropTruncated must be true or false");
    }
    return value.booleanValue();
  }
}
