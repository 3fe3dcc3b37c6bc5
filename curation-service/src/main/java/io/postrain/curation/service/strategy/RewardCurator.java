package io.postrain.curation.service.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curate.BestOfN;
import io.postrain.curate.Decision;
import io.postrain.curate.RejectionSampling;
import io.postrain.curate.RewardConfig;
import io.postrain.curate.RewardSet;
import io.postrain.curate.Sample;
import io.postrain.curation.repository.DatasetKind;
import io.postrain.events.Candidate;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.ApiException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The reward strategies of the library on a response's candidates: {@link RejectionSampling} (the
 * best candidate becomes an SFT example if it reaches {@code threshold}) and {@link BestOfN} (best
 * chosen, worst rejected, if their margin reaches {@code minMargin}).
 *
 * <p>Settings: {@code {"reward": {"rewards": [...]}, "threshold": T}} for rejection, {@code
 * {"reward": {...}, "minMargin": M}} for best-of-n; the reward config as {@link RewardConfig} reads
 * it, less {@code judge} (curation-service holds no models); an {@code exact} reward reads the
 * prompt's own fields (every prompt must hold its {@code field}, checked when prompts arrive).
 */
public final class RewardCurator implements GroupCurator {

  private final String name;
  private final DatasetKind kind;
  private final RewardSet rewards;
  private final Function<List<Sample>, Decision> select;
  private final Set<String> requiredFields;

  private RewardCurator(
      String name,
      DatasetKind kind,
      RewardSet rewards,
      Function<List<Sample>, Decision> select,
      Set<String> requiredFields) {
    this.name = name;
    this.kind = kind;
    this.rewards = rewards;
    this.select = select;
    this.requiredFields = requiredFields;
  }

  /**
   * The curator of {@code type} (rejection or best-of-n) with its settings.
   *
   * @throws ApiException 400 naming {@code strategy.settings...} and what is accepted
   */
  static RewardCurator create(String type, JsonNode settings) {
    boolean rejection = type.equals(RejectionSampling.NAME);
    String knob = rejection ? "threshold" : "minMargin";
    if (settings == null || !settings.isObject()) {
      throw ApiException.badRequest(
          "strategy.settings",
          "strategy.settings of "
              + type
              + " must be an object like {\"reward\": {\"rewards\": [...]}, \""
              + knob
              + "\": ...}");
    }
    settings
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!Set.of("reward", knob).contains(key)) {
                throw ApiException.badRequest(
                    "strategy.settings." + key,
                    "strategy.settings."
                        + key
                        + " is not a setting of "
                        + type
                        + ": accepted are reward, "
                        + knob);
              }
            });
    RewardSet rewards = rewards(settings.get("reward"));
    Set<String> fields = exactFields(settings.get("reward"));
    JsonNode value = settings.get(knob);
    if (value != null && !value.isNull() && !value.isNumber()) {
      throw ApiException.badRequest(
          "strategy.settings." + knob,
          "strategy.settings." + knob + " must be a number (got " + value + ")");
    }
    boolean given = value != null && !value.isNull();
    try {
      if (rejection) {
        RejectionSampling s =
            new RejectionSampling(rewards, given ? value.asDouble() : Double.NEGATIVE_INFINITY);
        return new RewardCurator(type, DatasetKind.SFT, rewards, s::select, fields);
      }
      BestOfN s = new BestOfN(rewards, given ? value.asDouble() : 0);
      return new RewardCurator(type, DatasetKind.PREFERENCE, rewards, s::select, fields);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "strategy.settings." + knob, "strategy.settings." + knob + ": " + e.getMessage());
    }
  }

  private static RewardSet rewards(JsonNode config) {
    String field = "strategy.settings.reward";
    if (config == null || config.isNull()) {
      throw ApiException.badRequest(
          field, field + " is missing: expected a reward config {\"rewards\": [...]}");
    }
    JsonNode list = config.path("rewards");
    for (int i = 0; i < list.size(); i++) {
      String rewardType = list.get(i).path("type").asText();
      if (rewardType.equals("judge")) {
        throw ApiException.badRequest(
            field,
            field
                + ": rewards["
                + i
                + "]: type "
                + rewardType
                + " is not accepted in a campaign ("
                + "curation-service holds no judge model); accepted are regex, exact, length,"
                + " json; score with a judge by ./postrain reward");
      }
    }
    try {
      return RewardConfig.parse(
          config,
          model -> {
            throw new IllegalArgumentException("judge rewards are not accepted in a campaign");
          });
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field, field + ": " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DatasetKind kind() {
    return kind;
  }

  @Override
  public List<String> rewardNames() {
    return rewards.names();
  }

  /** The fields of the config's exact rewards (the config is valid: {@link #rewards} read it). */
  private static Set<String> exactFields(JsonNode config) {
    Set<String> fields = new TreeSet<>();
    for (JsonNode reward : config.path("rewards")) {
      if (reward.path("type").asText().equals("exact")) {
        fields.add(reward.path("field").asText());
      }
    }
    return Set.copyOf(fields);
  }

  @Override
  public Set<String> requiredFields() {
    return requiredFields;
  }

  @Override
  public Decision curate(List<ChatMessage> prompt, JsonNode row, List<Candidate> candidates) {
    return select.apply(candidates.stream().map(c -> new Sample(prompt, c.text(), row)).toList());
  }
}
