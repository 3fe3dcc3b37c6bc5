package io.postrain.train;

/**
 * The learning rate per optimizer step, as transformers' schedulers compute it ({@code
 * get_linear_schedule_with_warmup}, {@code get_cosine_schedule_with_warmup} with 0.5 cycles, {@code
 * get_constant_schedule}, {@code get_constant_schedule_with_warmup}).
 *
 * <p>{@code lr(step)} is the rate used by the optimizer step that follows {@code step} completed
 * steps (0-based), i.e. what {@code LambdaLR} holds after {@code step} calls of {@code
 * scheduler.step()}: with warm-up the first update uses {@code lr(0) = 0}, as in transformers.
 */
public final class LrSchedule {

  private final LrSchedulerType type;
  private final double baseLr;
  private final int warmupSteps;
  private final int totalSteps;

  /**
   * @param type the schedule
   * @param baseLr the peak learning rate, > 0
   * @param warmupSteps steps of linear warm-up from 0, >= 0 (ignored by {@code CONSTANT})
   * @param totalSteps total optimizer steps of the run, >= 1
   */
  public LrSchedule(LrSchedulerType type, double baseLr, int warmupSteps, int totalSteps) {
    ConfigChecks.required("lrSchedulerType", type);
    ConfigChecks.positive("learningRate", baseLr);
    ConfigChecks.atLeast("warmupSteps", warmupSteps, 0);
    ConfigChecks.atLeast("totalSteps", totalSteps, 1);
    this.type = type;
    this.baseLr = baseLr;
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
  }

  /**
   * The schedule of {@code config} over {@code totalSteps}, with transformers' warm-up rule {@code
   * warmupSteps = ceil(warmupRatio x totalSteps)}.
   */
  public static LrSchedule of(TrainingConfig config, int totalSteps) {
    return new LrSchedule(
        config.lrSchedulerType(),
        config.learningRate(),
        warmupSteps(config.warmupRatio(), totalSteps),
        totalSteps);
  }

  /** transformers' {@code get_warmup_steps}: {@code ceil(warmupRatio x totalSteps)}. */
  public static int warmupSteps(double warmupRatio, int totalSteps) {
    return (int) Math.ceil(warmupRatio * totalSteps);
  }

  /** The warm-up length in optimizer steps. */
  public int warmupSteps() {
    return warmupSteps;
  }

  /** The learning rate for the optimizer step after {@code step} completed steps. */
  public double lr(int step) {
    ConfigChecks.atLeast("step", step, 0);
    return baseLr * factor(step);
  }

  private double factor(int step) {
    if (type == LrSchedulerType.CONSTANT) {
      return 1.0;
    }
    if (step < warmupSteps) {
      return (double) step / Math.max(1, warmupSteps);
    }
    double decaySteps = Math.max(1, totalSteps - warmupSteps);
    return switch (type) {
      case LINEAR -> Math.max(0.0, (totalSteps - step) / decaySteps);
      case COSINE -> {
        double progress = (step - warmupSteps) / decaySteps;
        yield Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress)));
      }
      case CONSTANT_WITH_WARMUP, CONSTANT -> 1.0;
    };
  }
}
