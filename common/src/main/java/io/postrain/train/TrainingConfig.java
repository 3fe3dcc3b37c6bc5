package io.postrain.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The part of a training configuration that SFT and DPO share: the subset of transformers' {@code
 * TrainingArguments} this engine implements, with the same names in camelCase.
 *
 * <p>Defaults are transformers' unless noted; {@link SftConfig#builder()} and {@link
 * DpoConfig#builder()} start from TRL's method-specific defaults ({@code learningRate}, {@code
 * loggingSteps}). Step counts are optimizer steps (one step = {@code perDeviceTrainBatchSize x
 * gradientAccumulationSteps} examples).
 *
 * @param learningRate double, default 5e-5, peak learning rate of AdamW; range (0, inf)
 * @param numTrainEpochs double, default 3.0, passes over the data set (fractions allowed, as in
 *     transformers); range (0, inf); ignored when {@code maxSteps > 0}
 * @param perDeviceTrainBatchSize int, default 8, examples per forward/backward; range [1, inf)
 * @param gradientAccumulationSteps int, default 1, micro-batches whose gradients are summed before
 *     one optimizer step; range [1, inf)
 * @param gradientCheckpointing boolean, default false; must stay false: this engine has no
 *     activation checkpointing (DJL PyTorch exposes no {@code torch.utils.checkpoint}), so true is
 *     refused rather than ignored. TRL defaults it to true; postrain cannot.
 * @param loggingSteps int, default 500 (TRL trainers: 10), log metrics every this many optimizer
 *     steps; range [1, inf)
 * @param saveSteps int, default 500, write a checkpoint every this many optimizer steps; range [1,
 *     inf)
 * @param maxLength int, default 1024 (TRL), longest tokenized sequence (prompt + completion) fed to
 *     the model; longer ones are truncated; range [1, inf)
 * @param seed long, default 42, seed for shuffling, dropout and initialisation; any value
 * @param warmupRatio double, default 0.0, fraction of the total optimizer steps spent warming up
 *     linearly from 0; warm-up steps = ceil(warmupRatio x totalSteps); range [0, 1]
 * @param lrSchedulerType default {@link LrSchedulerType#LINEAR}, the learning-rate schedule
 * @param weightDecay double, default 0.0, AdamW decoupled weight decay; range [0, inf)
 * @param maxGradNorm double, default 1.0, clip the global gradient L2 norm to this; 0 disables
 *     clipping; range [0, inf)
 * @param adamBeta1 double, default 0.9, AdamW first-moment decay; range [0, 1)
 * @param adamBeta2 double, default 0.999, AdamW second-moment decay; range [0, 1)
 * @param adamEpsilon double, default 1e-8, AdamW denominator term; range (0, inf)
 * @param maxSteps int, default -1, total optimizer steps; overrides {@code numTrainEpochs} when >
 *     0; -1 = derive from the epochs; range -1 or [1, inf)
 * @param reportTo list of str, default {@code ["none"]} (transformers v4 defaulted to "all"
 *     installed integrations), where the logged metrics also go besides the log and {@code
 *     metrics.jsonl}: {@code none} or {@code tensorboard} (TensorBoard event files under {@code
 *     loggingDir}); {@code none} stands alone
 * @param loggingDir str, default {@code runs}, the TensorBoard log directory, relative to the
 *     output directory and inside it (transformers: {@code <output_dir>/runs/<date>_<host>}); only
 *     used when {@code reportTo} includes {@code tensorboard}
 */
public record TrainingConfig(
    double learningRate,
    double numTrainEpochs,
    int perDeviceTrainBatchSize,
    int gradientAccumulationSteps,
    boolean gradientCheckpointing,
    int loggingSteps,
    int saveSteps,
    int maxLength,
    long seed,
    double warmupRatio,
    LrSchedulerType lrSchedulerType,
    double weightDecay,
    double maxGradNorm,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    int maxSteps,
    List<String> reportTo,
    String loggingDir) {

  /** The {@code reportTo} value that writes TensorBoard event files. */
  public static final String TENSORBOARD = "tensorboard";

  /** The accepted {@code reportTo} values. */
  public static final List<String> REPORT_TO_VALUES = List.of("none", TENSORBOARD);

  public TrainingConfig {
    ConfigChecks.positive("learningRate", learningRate);
    ConfigChecks.positive("numTrainEpochs", numTrainEpochs);
    ConfigChecks.atLeast("perDeviceTrainBatchSize", perDeviceTrainBatchSize, 1);
    ConfigChecks.atLeast("gradientAccumulationSteps", gradientAccumulationSteps, 1);
    if (gradientCheckpointing) {
      throw new IllegalArgumentException(
          "gradientCheckpointing=true is not supported: this engine has no activation"
              + " checkpointing (DJL PyTorch exposes no torch.utils.checkpoint); set it to false"
              + " and lower perDeviceTrainBatchSize or maxLength to save memory");
    }
    ConfigChecks.atLeast("loggingSteps", loggingSteps, 1);
    ConfigChecks.atLeast("saveSteps", saveSteps, 1);
    ConfigChecks.atLeast("maxLength", maxLength, 1);
    ConfigChecks.inClosed("warmupRatio", warmupRatio, 0.0, 1.0);
    ConfigChecks.required("lrSchedulerType", lrSchedulerType);
    ConfigChecks.nonNegative("weightDecay", weightDecay);
    ConfigChecks.nonNegative("maxGradNorm", maxGradNorm);
    ConfigChecks.inHalfOpen("adamBeta1", adamBeta1, 0.0, 1.0);
    ConfigChecks.inHalfOpen("adamBeta2", adamBeta2, 0.0, 1.0);
    ConfigChecks.positive("adamEpsilon", adamEpsilon);
    if (maxSteps != -1 && maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be -1 or >= 1 (got " + maxSteps + ")");
    }
    reportTo = checkReportTo(reportTo);
    loggingDir = checkLoggingDir(loggingDir);
  }

  /** Whether the metrics are also written as TensorBoard event files. */
  public boolean reportsToTensorBoard() {
    return reportTo.contains(TENSORBOARD);
  }

  private static List<String> checkReportTo(List<String> values) {
    ConfigChecks.required("reportTo", values);
    String accepted = "accepted: none, or a list of " + TENSORBOARD;
    if (values.isEmpty()) {
      throw new IllegalArgumentException("reportTo must not be empty (" + accepted + ")");
    }
    for (String v : values) {
      if (v == null || !REPORT_TO_VALUES.contains(v)) {
        throw new IllegalArgumentException(
            "reportTo has unknown value '" + v + "' (" + accepted + ")");
      }
    }
    if (values.contains("none") && values.size() > 1) {
      throw new IllegalArgumentException(
          "reportTo lists none with other values " + values + " (" + accepted + ")");
    }
    if (values.stream().distinct().count() != values.size()) {
      throw new IllegalArgumentException("reportTo repeats a value " + values);
    }
    return List.copyOf(values);
  }

  private static String checkLoggingDir(String dir) {
    ConfigChecks.required("loggingDir", dir);
    Path p = Path.of(dir).normalize();
    if (dir.isBlank() || p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
      throw new IllegalArgumentException(
          "loggingDir '"
              + dir
              + "' must be a relative directory inside the output directory (e.g. runs)");
    }
    return dir;
  }

  /** A builder holding transformers' {@code TrainingArguments} defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .learningRate(learningRate)
        .numTrainEpochs(numTrainEpochs)
        .perDeviceTrainBatchSize(perDeviceTrainBatchSize)
        .gradientAccumulationSteps(gradientAccumulationSteps)
        .gradientCheckpointing(gradientCheckpointing)
        .loggingSteps(loggingSteps)
        .saveSteps(saveSteps)
        .maxLength(maxLength)
        .seed(seed)
        .warmupRatio(warmupRatio)
        .lrSchedulerType(lrSchedulerType)
        .weightDecay(weightDecay)
        .maxGradNorm(maxGradNorm)
        .adamBeta1(adamBeta1)
        .adamBeta2(adamBeta2)
        .adamEpsilon(adamEpsilon)
        .maxSteps(maxSteps)
        .reportTo(reportTo)
        .loggingDir(loggingDir);
  }

  /** Examples consumed by one optimizer step: batch size x accumulation steps. */
  public int effectiveBatchSize() {
    return perDeviceTrainBatchSize * gradientAccumulationSteps;
  }

  /**
   * The number of optimizer steps for a data set of {@code numExamples}, as transformers' Trainer
   * computes it: {@code maxSteps} when > 0, else {@code ceil(numTrainEpochs x updatesPerEpoch)}
   * with {@code updatesPerEpoch = max(ceil(ceil(numExamples / batch) / accumulation), 1)} (a last,
   * partial accumulation window still makes a step).
   */
  public int totalOptimizerSteps(int numExamples) {
    if (maxSteps > 0) {
      return maxSteps;
    }
    ConfigChecks.atLeast("numExamples", numExamples, 1);
    long batches = (numExamples + (long) perDeviceTrainBatchSize - 1) / perDeviceTrainBatchSize;
    long updatesPerEpoch =
        Math.max((batches + gradientAccumulationSteps - 1) / gradientAccumulationSteps, 1L);
    return (int) Math.ceil(numTrainEpochs * updatesPerEpoch);
  }

  /** Mutable builder for {@link TrainingConfig}; {@link #build()} validates. */
  public static final class Builder {
    private double learningRate = 5e-5;
    private double numTrainEpochs = 3.0;
    private int perDeviceTrainBatchSize = 8;
    private int gradientAccumulationSteps = 1;
    private boolean gradientCheckpointing = false;
    private int loggingSteps = 500;
    private int saveSteps = 500;
    private int maxLength = 1024;
    private long seed = 42;
    private double warmupRatio = 0.0;
    private LrSchedulerType lrSchedulerType = LrSchedulerType.LINEAR;
    private double weightDecay = 0.0;
    private double maxGradNorm = 1.0;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private int maxSteps = -1;
    private List<String> reportTo = List.of("none");
    private String loggingDir = "runs";

    private Builder() {}

    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    public Builder numTrainEpochs(double v) {
      numTrainEpochs = v;
      return this;
    }

    public Builder perDeviceTrainBatchSize(int v) {
      perDeviceTrainBatchSize = v;
      return this;
    }

    public Builder gradientAccumulationSteps(int v) {
      gradientAccumulationSteps = v;
      return this;
    }

    public Builder gradientCheckpointing(boolean v) {
      gradientCheckpointing = v;
      return this;
    }

    public Builder loggingSteps(int v) {
      loggingSteps = v;
      return this;
    }

    public Builder saveSteps(int v) {
      saveSteps = v;
      return this;
    }

    public Builder maxLength(int v) {
      maxLength = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder warmupRatio(double v) {
      warmupRatio = v;
      return this;
    }

    public Builder lrSchedulerType(LrSchedulerType v) {
      lrSchedulerType = v;
      return this;
    }

    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    public Builder maxGradNorm(double v) {
      maxGradNorm = v;
      return this;
    }

    public Builder adamBeta1(double v) {
      adamBeta1 = v;
      return this;
    }

    public Builder adamBeta2(double v) {
      adamBeta2 = v;
      return this;
    }

    public Builder adamEpsilon(double v) {
      adamEpsilon = v;
      return this;
    }

    public Builder maxSteps(int v) {
      maxSteps = v;
      return this;
    }

    public Builder reportTo(List<String> v) {
      reportTo = v;
      return this;
    }

    public Builder loggingDir(String v) {
      loggingDir = v;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public TrainingConfig build() {
      return new TrainingConfig(
          learningRate,
          numTrainEpochs,
          perDeviceTrainBatchSize,
          gradientAccumulationSteps,
          gradientCheckpointing,
          loggingSteps,
          saveSteps,
          maxLength,
          seed,
          warmupRatio,
          lrSchedulerType,
          weightDecay,
          maxGradNorm,
          adamBeta1,
          adamBeta2,
          adamEpsilon,
          maxSteps,
          reportTo,
          loggingDir);
    }
  }
}
