package io.postrain.train;

import java.util.List;

/**
 * Low-rank adaptation configuration, after PEFT's {@code LoraConfig}: each targeted projection
 * {@code W} (out, in) is frozen and learns {@code W + (alpha / r) x B A} with {@code A} (r, in) and
 * {@code B} (out, r), {@code B} initialised to 0.
 *
 * @param r int, default 8 (PEFT), rank of the update; range [1, inf)
 * @param alpha double, default 8 (PEFT's {@code lora_alpha}), the update is scaled by {@code alpha
 *     / r}; range (0, inf)
 * @param dropout double, default 0.0 (PEFT's {@code lora_dropout}), dropout on the adapter input
 *     during training; range [0, 1)
 * @param targetModules non-empty list, default every attention and MLP projection ({@link
 *     #ALL_PROJECTIONS}); entries must be among them (Hugging Face module names)
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules) {

  /** The projections of a Qwen/Llama decoder layer, by Hugging Face module name. */
  public static final List<String> ALL_PROJECTIONS =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  public LoraConfig {
    ConfigChecks.atLeast("r", r, 1);
    ConfigChecks.positive("alpha", alpha);
    ConfigChecks.inHalfOpen("dropout", dropout, 0.0, 1.0);
    ConfigChecks.required("targetModules", targetModules);
    if (targetModules.isEmpty()
        || targetModules.stream().anyMatch(m -> !ALL_PROJECTIONS.contains(m))
        || targetModules.stream().distinct().count() != targetModules.size()) {
      throw new IllegalArgumentException(
          "targetModules must be a non-empty list without repeats of "
              + String.join(", ", ALL_PROJECTIONS)
              + " (got "
              + targetModules
              + ")");
    }
    targetModules = List.copyOf(targetModules);
  }

  /** {@code alpha / r}, the factor applied to {@code B A}. */
  public double scaling() {
    return alpha / r;
  }

  /** A builder with PEFT's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder().r(r).alpha(alpha).dropout(dropout).targetModules(targetModules);
  }

  /** This config as JSON. */
  public String toJson() {
    return ConfigJson.write(this);
  }

  /**
   * Reads a config written by {@link #toJson()}; absent fields take the defaults.
   *
   * @throws IllegalArgumentException on malformed JSON, an unknown field or an invalid value
   */
  public static LoraConfig fromJson(String json) {
    return ConfigJson.read(json, builder().build(), LoraConfig.class);
  }

  /** Mutable builder for {@link LoraConfig}; {@link #build()} validates. */
  public static final class Builder {
    private int r = 8;
    private double alpha = 8;
    private double dropout = 0.0;
    private List<String> targetModules = ALL_PROJECTIONS;

    private Builder() {}

    public Builder r(int v) {
      r = v;
      return this;
    }

    public Builder alpha(double v) {
      alpha = v;
      return this;
    }

    public Builder dropout(double v) {
      dropout = v;
      return this;
    }

    public Builder targetModules(List<String> v) {
      targetModules = v;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public LoraConfig build() {
      return new LoraConfig(r, alpha, dropout, targetModules);
    }
  }
}
