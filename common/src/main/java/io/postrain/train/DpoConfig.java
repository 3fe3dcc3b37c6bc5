package io.postrain.train;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Direct preference optimisation configuration, after TRL's {@code DPOConfig}.
 *
 * <p>{@link #builder()} starts from TRL's DPO defaults: {@code learningRate} 1e-6, {@code
 * loggingSteps} 10, {@code maxLength} 1024, the rest as in {@link TrainingConfig}.
 *
 * @param training the shared {@code TrainingArguments} part
 * @param beta double, default 0.1, temperature of the implicit reward {@code beta x log(pi/ref)};
 *     higher keeps the policy closer to the reference; range (0, inf)
 * @param lossType non-empty list without duplicates, default [sigmoid]; several types are summed
 *     with {@code lossWeights} (TRL's multi-loss, e.g. MPO = sigmoid + sft)
 * @param lossWeights list of doubles or null, default null (= every weight 1.0); when set, one
 *     weight >= 0 per entry of {@code lossType}, not all 0
 * @param labelSmoothing double, default 0.0, assumed probability that a pair's preference label is
 *     flipped (conservative DPO / robust DPO); range [0, 0.5); only the sigmoid and robust losses
 *     use it, so a value > 0 without one of them is refused
 * @param precomputeRefLogProbs boolean, default false, compute the reference log-probs of the whole
 *     data set once before training instead of per batch
 * @param refModelPath String or null, default null; null = the reference is a frozen copy of the
 *     initial policy weights (TRL's {@code ref_model=None}); otherwise a checkpoint directory
 * @param maxPromptLength int, default 512, prompt tokens kept (truncated from the left, as TRL);
 *     range [1, maxLength]
 * @param maxCompletionLength Integer or null, default null (= only {@code maxLength} limits),
 *     completion tokens kept; range [1, inf)
 * @param rpoAlpha Double or null, default null (= off), weight of the chosen NLL added to every
 *     loss (RPO, TRL's {@code rpo_alpha}); range [0, inf)
 * @param regularizationWeight double, default 0.0 (= off), weight of a general-skill regulariser
 *     that TRL does not have: every pair is paired with one SFT example of a second data set (see
 *     {@link DpoTrainer#train(java.nio.file.Path, List, List, java.nio.file.Path, boolean,
 *     TrainingListener)}) and the step's loss gains {@code regularizationWeight x} the mean over
 *     its pairs of that example's per-token NLL, so that what the model already knows is rehearsed
 *     while the preference is learnt; range [0, inf)
 */
public record DpoConfig(
    TrainingConfig training,
    double beta,
    List<DpoLossType> lossType,
    List<Double> lossWeights,
    double labelSmoothing,
    boolean precomputeRefLogProbs,
    String refModelPath,
    int maxPromptLength,
    Integer maxCompletionLength,
    Double rpoAlpha,
    double regularizationWeight) {

  public DpoConfig {
    ConfigChecks.required("training", training);
    ConfigChecks.positive("beta", beta);
    ConfigChecks.required("lossType", lossType);
    if (lossType.isEmpty() || lossType.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "lossType must list at least one of sigmoid, ipo, hinge, robust, sft (got "
              + lossType
              + ")");
    }
    if (EnumSet.copyOf(lossType).size() != lossType.size()) {
      throw new IllegalArgumentException("lossType must not repeat a type (got " + lossType + ")");
    }
    lossType = List.copyOf(lossType);
    if (lossWeights != null) {
      checkWeights(lossType, lossWeights);
      lossWeights = List.copyOf(lossWeights);
    }
    ConfigChecks.inHalfOpen("labelSmoothing", labelSmoothing, 0.0, 0.5);
    if (labelSmoothing > 0
        && !lossType.contains(DpoLossType.SIGMOID)
        && !lossType.contains(DpoLossType.ROBUST)) {
      throw new IllegalArgumentException(
          "labelSmoothing > 0 needs loss type sigmoid or robust (got labelSmoothing="
              + labelSmoothing
              + ", lossType="
              + lossType
              + ")");
    }
    if (refModelPath != null && refModelPath.isBlank()) {
      throw new IllegalArgumentException(
          "refModelPath must be null (frozen initial weights) or a checkpoint directory (got a"
              + " blank string)");
    }
    ConfigChecks.atLeast("maxPromptLength", maxPromptLength, 1);
    if (maxPromptLength > training.maxLength()) {
      throw new IllegalArgumentException(
          "maxPromptLength must be in [1, maxLength="
              + training.maxLength()
              + "] (got "
              + maxPromptLength
              + ")");
    }
    if (maxCompletionLength != null) {
      ConfigChecks.atLeast("maxCompletionLength", maxCompletionLength, 1);
    }
    if (rpoAlpha != null) {
      ConfigChecks.nonNegative("rpoAlpha", rpoAlpha);
    }
    ConfigChecks.nonNegative("regularizationWeight", regularizationWeight);
  }

  private static void checkWeights(List<DpoLossType> lossType, List<Double> lossWeights) {
    if (lossWeights.size() != lossType.size()) {
      throw new IllegalArgumentException(
          "lossWeights must have one weight per lossType entry ("
              + lossType.size()
              + ": "
              + lossType
              + ") (got "
              + lossWeights.size()
              + ": "
              + lossWeights
              + ")");
    }
    double sum = 0;
    for (Double w : lossWeights) {
      if (w == null || !(w >= 0) || w.isInfinite()) {
        throw new IllegalArgumentException(
            "lossWeights entries must be finite and >= 0 (got " + lossWeights + ")");
      }
      sum += w;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("lossWeights must not all be 0 (got " + lossWeights + ")");
    }
  }

  /** The weight of {@code lossType().get(index)}: {@code lossWeights} or 1.0 when null. */
  public double lossWeight(int index) {
    return lossWeights == null ? 1.0 : lossWeights.get(index);
  }

  /** A builder with TRL's DPO defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .training(training)
        .beta(beta)
        .lossType(lossType)
        .lossWeights(lossWeights)
        .labelSmoothing(labelSmoothing)
        .precomputeRefLogProbs(precomputeRefLogProbs)
        .refModelPath(refModelPath)
        .maxPromptLength(maxPromptLength)
        .maxCompletionLength(maxCompletionLength)
        .rpoAlpha(rpoAlpha)
        .regularizationWeight(regularizationWeight);
  }

  /** This config as JSON (every field, TRL names in camelCase). */
  public String toJson() {
    return ConfigJson.write(this);
  }

  /**
   * Reads a config written by {@link #toJson()}; absent fields take TRL's DPO defaults.
   *
   * @throws IllegalArgumentException on malformed JSON, an unknown field or an invalid value
   */
  public static DpoConfig fromJson(String json) {
    return ConfigJson.read(json, builder().build(), DpoConfig.class);
  }

  /** Mutable builder for {@link DpoConfig}; {@link #build()} validates. */
  public static final class Builder {
    private TrainingConfig.Builder training =
        TrainingConfig.builder().learningRate(1e-6).loggingSteps(10);
    private double beta = 0.1;
    private List<DpoLossType> lossType = List.of(DpoLossType.SIGMOID);
    private List<Double> lossWeights = null;
    private double labelSmoothing = 0.0;
    private boolean precomputeRefLogProbs = false;
    private String refModelPath = null;
    private int maxPromptLength = 512;
    private Integer maxCompletionLength = null;
    private Double rpoAlpha = null;
    private double regularizationWeight = 0.0;

    private Builder() {}

    /** Edits the shared part in place, e.g. {@code training(t -> t.learningRate(5e-5))}. */
    public Builder training(Consumer<TrainingConfig.Builder> edit) {
      edit.accept(training);
      return this;
    }

    /** Replaces the shared part. */
    public Builder training(TrainingConfig config) {
      training = config.toBuilder();
      return this;
    }

    public Builder beta(double v) {
      beta = v;
      return this;
    }

    public Builder lossType(List<DpoLossType> v) {
      lossType = v;
      return this;
    }

    public Builder lossType(DpoLossType... v) {
      lossType = List.of(v);
      return this;
    }

    public Builder lossWeights(List<Double> v) {
      lossWeights = v;
      return this;
    }

    public Builder labelSmoothing(double v) {
      labelSmoothing = v;
      return this;
    }

    public Builder precomputeRefLogProbs(boolean v) {
      precomputeRefLogProbs = v;
      return this;
    }

    public Builder refModelPath(String v) {
      refModelPath = v;
      return this;
    }

    public Builder maxPromptLength(int v) {
      maxPromptLength = v;
      return this;
    }

    public Builder maxCompletionLength(Integer v) {
      maxCompletionLength = v;
      return this;
    }

    public Builder rpoAlpha(Double v) {
      rpoAlpha = v;
      return this;
    }

    public Builder regularizationWeight(double v) {
      regularizationWeight = v;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public DpoConfig build() {
      return new DpoConfig(
          training.build(),
          beta,
          lossType,
          lossWeights,
          labelSmoothing,
          precomputeRefLogProbs,
          refModelPath,
          maxPromptLength,
          maxCompletionLength,
          rpoAlpha,
          regularizationWeight);
    }
  }
}
