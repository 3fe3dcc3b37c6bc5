package io.postrain.train;

import java.util.function.Consumer;

/**
 * Group relative policy optimisation configuration, after TRL's {@code GRPOConfig}.
 *
 * <p>{@link #builder()} starts from TRL's GRPO defaults: {@code learningRate} 1e-6, {@code
 * loggingSteps} 10, {@code perDeviceTrainBatchSize} 8, the rest as in {@link TrainingConfig}. As in
 * TRL, batch sizes count <b>completions</b>: one optimizer step trains on a generation batch of
 * {@code perDeviceTrainBatchSize x gradientAccumulationSteps} completions, that is {@code /
 * numGenerations} prompts with {@code numGenerations} completions each, split into micro-batches of
 * {@code perDeviceTrainBatchSize}. {@code numTrainEpochs} counts passes over the prompts, each
 * generation batch trained on for {@code numIterations} steps. {@code maxLength} is not used:
 * {@code maxPromptLength} and {@code maxCompletionLength} bound the sequences.
 *
 * @param training the shared {@code TrainingArguments} part
 * @param numGenerations int, default 8, completions sampled per prompt (the group); the generation
 *     batch must be a multiple of it; range [2, inf)
 * @param temperature double, default 1.0, sampling temperature; the policy's log-probs in the loss
 *     are taken at the same temperature, as TRL; range (0, inf)
 * @param topP double, default 1.0 (= off), nucleus sampling mass; range (0, 1]
 * @param topK int, default 0 (= off, TRL's None), sample among the k most likely tokens; range [0,
 *     inf)
 * @param maxPromptLength Integer or null, default 512, prompt tokens kept (the last ones, truncated
 *     from the left as TRL); null = no limit; range [1, inf)
 * @param maxCompletionLength int, default 256, most tokens generated per completion; range [1, inf)
 * @param scaleRewards default {@link GrpoScaleRewards#GROUP}, what the centred rewards are divided
 *     by ({@code group}, {@code batch} or {@code none})
 * @param epsilon double, default 0.2, lower clipping bound of the ratio: {@code 1 - epsilon}; range
 *     (0, 1)
 * @param epsilonHigh Double or null, default null (= {@code epsilon}), upper clipping bound {@code
 *     1 + epsilonHigh} (DAPO's clip-higher recommends 0.28); range (0, inf)
 * @param beta double, default 0.0, weight of the KL term to the reference (k3 estimator); 0 loads
 *     no reference model; range [0, inf)
 * @param lossType default {@link GrpoLossType#DAPO} (TRL's default), how per-token losses are
 *     normalised ({@code grpo}, {@code dapo}, {@code dr_grpo}, {@code bnpo})
 * @param numIterations int, default 1, optimizer steps per generation batch (TRL's mu); above 1 the
 *     log-probs recorded at sampling time make the ratio and its clipping matter; range [1, inf)
 * @param maskTruncatedCompletions boolean, default false, leave completions that hit {@code
 *     maxCompletionLength} without a stop token out of the loss (DAPO)
 * @param refModelPath String or null, default null; used only when beta > 0: null = the reference
 *     is the initial policy (the base with the adapter off under LoRA), otherwise a checkpoint
 *     directory
 */
public record GrpoConfig(
    TrainingConfig training,
    int numGenerations,
    double temperature,
    double topP,
    int topK,
    Integer maxPromptLength,
    int maxCompletionLength,
    GrpoScaleRewards scaleRewards,
    double epsilon,
    Double epsilonHigh,
    double beta,
    GrpoLossType lossType,
    int numIterations,
    boolean maskTruncatedCompletions,
    String refModelPath) {

  public GrpoConfig {
    ConfigChecks.required("training", training);
    ConfigChecks.atLeast("numGenerations", numGenerations, 2);
    int generationBatch = training.effectiveBatchSize();
    if (generationBatch % numGenerations != 0) {
      throw new IllegalArgumentException(
          "perDeviceTrainBatchSize x gradientAccumulationSteps ("
              + training.perDeviceTrainBatchSize()
              + " x "
              + training.gradientAccumulationSteps()
              + " = "
              + generationBatch
              + " completions) must be a multiple of numGenerations ("
              + numGenerations
              + ")");
    }
    ConfigChecks.positive("temperature", temperature);
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1] (got " + topP + ")");
    }
    ConfigChecks.atLeast("topK", topK, 0);
    if (maxPromptLength != null) {
      ConfigChecks.atLeast("maxPromptLength", maxPromptLength, 1);
    }
    ConfigChecks.atLeast("maxCompletionLength", maxCompletionLength, 1);
    ConfigChecks.required("scaleRewards", scaleRewards);
    if (!(epsilon > 0 && epsilon < 1)) {
      throw new IllegalArgumentException("epsilon must be in (0, 1) (got " + epsilon + ")");
    }
    if (epsilonHigh != null) {
      ConfigChecks.positive("epsilonHigh", epsilonHigh);
    }
    ConfigChecks.nonNegative("beta", beta);
    ConfigChecks.required("lossType", lossType);
    ConfigChecks.atLeast("numIterations", numIterations, 1);
    if (refModelPath != null && refModelPath.isBlank()) {
      throw new IllegalArgumentException(
          "refModelPath must be null (the initial policy) or a checkpoint directory (got a blank"
              + " string)");
    }
  }

  /** The upper clipping bound's epsilon: {@code epsilonHigh}, or {@code epsilon} when null. */
  public double upperEpsilon() {
    return epsilonHigh == null ? epsilon : epsilonHigh;
  }

  /** Prompts per generation batch: {@code perDeviceTrainBatchSize x accumulation / G}. */
  public int promptsPerGeneration() {
    return training.effectiveBatchSize() / numGenerations;
  }

  /** A builder with TRL's GRPO defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .training(training)
        .numGenerations(numGenerations)
        .temperature(temperature)
        .topP(topP)
        .topK(topK)
        .maxPromptLength(maxPromptLength)
        .maxCompletionLength(maxCompletionLength)
        .scaleRewards(scaleRewards)
        .epsilon(epsilon)
        .epsilonHigh(epsilonHigh)
        .beta(beta)
        .lossType(lossType)
        .numIterations(numIterations)
        .maskTruncatedCompletions(maskTruncatedCompletions)
        .refModelPath(refModelPath);
  }

  /** This config as JSON (every field, TRL names in camelCase). */
  public String toJson() {
    return ConfigJson.write(this);
  }

  /**
   * Reads a config written by {@link #toJson()}; absent fields take TRL's GRPO defaults.
   *
   * @throws IllegalArgumentException on malformed JSON, an unknown field or an invalid value
   */
  public static GrpoConfig fromJson(String json) {
    return ConfigJson.read(json, builder().build(), GrpoConfig.class);
  }

  /** Mutable builder for {@link GrpoConfig}; {@link #build()} validates. */
  public static final class Builder {
    private TrainingConfig.Builder training =
        TrainingConfig.builder().learningRate(1e-6).loggingSteps(10).perDeviceTrainBatchSize(8);
    private int numGenerations = 8;
    private double temperature = 1.0;
    private double topP = 1.0;
    private int topK = 0;
    private Integer maxPromptLength = 512;
    private int maxCompletionLength = 256;
    private GrpoScaleRewards scaleRewards = GrpoScaleRewards.GROUP;
    private double epsilon = 0.2;
    private Double epsilonHigh = null;
    private double beta = 0.0;
    private GrpoLossType lossType = GrpoLossType.DAPO;
    private int numIterations = 1;
    private boolean maskTruncatedCompletions = false;
    private String refModelPath = null;

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

    public Builder numGenerations(int v) {
      numGenerations = v;
      return this;
    }

    public Builder temperature(double v) {
      temperature = v;
      return this;
    }

    public Builder topP(double v) {
      topP = v;
      return this;
    }

    public Builder topK(int v) {
      topK = v;
      return this;
    }

    public Builder maxPromptLength(Integer v) {
      maxPromptLength = v;
      return this;
    }

    public Builder maxCompletionLength(int v) {
      maxCompletionLength = v;
      return this;
    }

    public Builder scaleRewards(GrpoScaleRewards v) {
      scaleRewards = v;
      return this;
    }

    public Builder epsilon(double v) {
      epsilon = v;
      return this;
    }

    public Builder epsilonHigh(Double v) {
      epsilonHigh = v;
      return this;
    }

    public Builder beta(double v) {
      beta = v;
      return this;
    }

    public Builder lossType(GrpoLossType v) {
      lossType = v;
      return this;
    }

    public Builder numIterations(int v) {
      numIterations = v;
      return this;
    }

    public Builder maskTruncatedCompletions(boolean v) {
      maskTruncatedCompletions = v;
      return this;
    }

    public Builder refModelPath(String v) {
      refModelPath = v;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public GrpoConfig build() {
      return new GrpoConfig(
          training.build(),
          numGenerations,
          temperature,
          topP,
          topK,
          maxPromptLength,
          maxCompletionLength,
          scaleRewards,
          epsilon,
          epsilonHigh,
          beta,
          lossType,
          numIterations,
          maskTruncatedCompletions,
          refModelPath);
    }
  }
}
