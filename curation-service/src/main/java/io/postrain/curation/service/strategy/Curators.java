package io.postrain.curation.service.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curate.BestOfN;
import io.postrain.curate.CorrectionStrategy;
import io.postrain.curate.RejectionSampling;
import io.postrain.curation.api.StrategySpec;
import io.postrain.events.SamplingParams;
import io.postrain.service.ApiException;

/** Builds the strategy a spec names, rejecting unknown types and bad settings. */
public final class Curators {

  private static final String ACCEPTED =
      "accepted are correction (settings {from, to, replacements}), distillation (settings"
          + " {dropTruncated}), rejection (settings {reward, threshold}), best-of-n (settings"
          + " {reward, minMargin})";

  private Curators() {}

  /**
   * Checks the sampling a strategy needs: best-of-n pairs two of the n candidates of a prompt.
   *
   * @throws ApiException 400 naming {@code sampling.n}
   */
  public static void checkSampling(Strategy strategy, SamplingParams sampling) {
    if (strategy.name().equals(BestOfN.NAME) && sampling.n() < 2) {
      throw ApiException.badRequest(
          "sampling.n",
          "sampling.n is "
              + sampling.n()
              + ": best-of-n pairs the best and the worst of n candidates per prompt; accepted is"
              + " n >= 2 (e.g. 4 or 8)");
    }
  }

  /**
   * The strategy for {@code {type, settings}}.
   *
   * @throws ApiException 400 naming {@code strategy.type} or the bad setting
   */
  public static Strategy create(StrategySpec spec) {
    if (spec == null || spec.type() == null || spec.type().isBlank()) {
      throw ApiException.badRequest("strategy.type", "strategy.type is missing: " + ACCEPTED);
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
      case RejectionSampling.NAME, BestOfN.NAME:
        return RewardCurator.create(spec.type(), settings);
      default:
        throw ApiException.badRequest(
            "strategy.type", "strategy.type is '" + spec.type() + "': " + ACCEPTED);
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
