package io.postrain.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one table of the config flags that {@link ConfigFlags} parses and {@code --help} lists: per
 * field its flag, type, accepted values and meaning, with how it sets the builder and reads the
 * config back. Nothing else spells a field's flag, range or description.
 */
final class ConfigFlagTable {

  /**
   * One flag: its name, the type, accepted range and one-line description shown by {@code --help},
   * how it sets the builder and how it reads the config back. The default shown is read back from
   * the method's builder defaults with {@code get}, so it is never retyped here; the ranges are the
   * records' checks in words (a CLI test runs a value just outside each through them).
   */
  record Flag<B, C>(
      String name,
      String type,
      String range,
      String help,
      BiConsumer<B, String> set,
      Function<C, String> get) {

    boolean isBoolean() {
      return type.equals("bool");
    }
  }

  private static final String NONE_OR = "none or ";

  static final List<Flag<TrainingConfig.Builder, TrainingConfig>> TRAINING =
      List.of(
          num(
              "--learning-rate",
              "> 0",
              "peak learning rate of AdamW",
              (b, v) -> b.learningRate(v),
              TrainingConfig::learningRate),
          num(
              "--num-train-epochs",
              "> 0",
              "passes over the data (fractions allowed); ignored when --max-steps > 0",
              (b, v) -> b.numTrainEpochs(v),
              TrainingConfig::numTrainEpochs),
          integer(
              "--per-device-train-batch-size",
              ">= 1",
              "examples per forward/backward",
              (b, v) -> b.perDeviceTrainBatchSize(v),
              TrainingConfig::perDeviceTrainBatchSize),
          integer(
              "--gradient-accumulation-steps",
              ">= 1",
              "micro-batches summed into one optimizer step",
              (b, v) -> b.gradientAccumulationSteps(v),
              TrainingConfig::gradientAccumulationSteps),
          new Flag<>(
              "--gradient-checkpointing",
              "bool",
              "false only",
              "activation checkpointing: not in this engine, so true is refused",
              (b, v) -> b.gradientCheckpointing(parseBoolean("--gradient-checkpointing", v)),
              c -> String.valueOf(c.gradientCheckpointing())),
          integer(
              "--logging-steps",
              ">= 1",
              "log metrics every this many optimizer steps",
              (b, v) -> b.loggingSteps(v),
              TrainingConfig::loggingSteps),
          integer(
              "--save-steps",
              ">= 1",
              "write a checkpoint every this many optimizer steps",
              (b, v) -> b.saveSteps(v),
              TrainingConfig::saveSteps),
          integer(
              "--max-length",
              ">= 1",
              "longest tokenized prompt + completion; longer ones are truncated",
              (b, v) -> b.maxLength(v),
              TrainingConfig::maxLength),
          new Flag<>(
              "--seed",
              "int",
              "any 64-bit integer",
              "seed for shuffling, dropout and initialisation",
              (b, v) -> b.seed(parseLong("--seed", v)),
              c -> Long.toString(c.seed())),
          num(
              "--warmup-ratio",
              "[0, 1]",
              "fraction of the optimizer steps spent warming up linearly from 0",
              (b, v) -> b.warmupRatio(v),
              TrainingConfig::warmupRatio),
          new Flag<>(
              "--lr-scheduler-type",
              "str",
              oneOf(LrSchedulerType.values(), LrSchedulerType::flagValue),
              "the learning-rate schedule after warm-up",
              (b, v) -> b.lrSchedulerType(LrSchedulerType.parse(v)),
              c -> c.lrSchedulerType().flagValue()),
          num(
              "--weight-decay",
              ">= 0",
              "AdamW decoupled weight decay",
              (b, v) -> b.weightDecay(v),
              TrainingConfig::weightDecay),
          num(
              "--max-grad-norm",
              ">= 0",
              "clip the global gradient L2 norm to this; 0 disables clipping",
              (b, v) -> b.maxGradNorm(v),
              TrainingConfig::maxGradNorm),
          num(
              "--adam-beta1",
              "[0, 1)",
              "AdamW first-moment decay",
              (b, v) -> b.adamBeta1(v),
              TrainingConfig::adamBeta1),
          num(
              "--adam-beta2",
              "[0, 1)",
              "AdamW second-moment decay",
              (b, v) -> b.adamBeta2(v),
              TrainingConfig::adamBeta2),
          num(
              "--adam-epsilon",
              "> 0",
              "AdamW denominator term",
              (b, v) -> b.adamEpsilon(v),
              TrainingConfig::adamEpsilon),
          integer(
              "--max-steps",
              "-1 or >= 1",
              "total optimizer steps, overrides --num-train-epochs; -1 = from the epochs",
              (b, v) -> b.maxSteps(v),
              TrainingConfig::maxSteps),
          new Flag<>(
              "--report-to",
              "list[str]",
              "none, or a comma list of " + TrainingConfig.TENSORBOARD,
              "where metrics also go: tensorboard writes event files into --logging-dir",
              (b, v) -> b.reportTo(splitList(v)),
              c -> String.join(",", c.reportTo())),
          new Flag<>(
              "--logging-dir",
              "path",
              "a relative directory inside the output directory",
              "the TensorBoard log directory (open it with tensorboard --logdir)",
              (b, v) -> b.loggingDir(v),
              TrainingConfig::loggingDir));

  static final List<Flag<SftConfig.Builder, SftConfig>> SFT =
      List.of(
          bool(
              "--completion-only-loss",
              "prompt-completion examples: loss on completion tokens only",
              (b, v) -> b.completionOnlyLoss(v),
              SftConfig::completionOnlyLoss),
          bool(
              "--assistant-only-loss",
              "conversational examples: loss on assistant turns only",
              (b, v) -> b.assistantOnlyLoss(v),
              SftConfig::assistantOnlyLoss),
          new Flag<>(
              "--packing",
              "bool",
              "false only",
              "pack examples into one sequence: not in this engine, so true is refused",
              (b, v) -> b.packing(parseBoolean("--packing", v)),
              c -> String.valueOf(c.packing())));

  static final List<Flag<DpoConfig.Builder, DpoConfig>> DPO =
      List.of(
          num(
              "--beta",
              "> 0",
              "implicit reward temperature, beta x log(pi/ref); higher = nearer the ref",
              (b, v) -> b.beta(v),
              DpoConfig::beta),
          new Flag<>(
              "--loss-type",
              "list[str]",
              "comma list, no repeats, of " + oneOf(DpoLossType.values(), DpoLossType::flagValue),
              "loss types, summed with --loss-weights (e.g. MPO = sigmoid,sft)",
              (b, v) -> b.lossType(splitList(v).stream().map(DpoLossType::parse).toList()),
              c ->
                  c.lossType().stream()
                      .map(DpoLossType::flagValue)
                      .collect(Collectors.joining(","))),
          new Flag<>(
              "--loss-weights",
              "list[float]",
              NONE_OR + "one weight >= 0 per loss type, not all 0",
              "weights of the loss types; none = every weight 1.0",
              (b, v) ->
                  b.lossWeights(
                      isNone(v)
                          ? null
                          : splitList(v).stream()
                              .map(s -> parseDouble("--loss-weights", s))
                              .toList()),
              c ->
                  c.lossWeights() == null
                      ? "none"
                      : c.lossWeights().stream()
                          .map(String::valueOf)
                          .collect(Collectors.joining(","))),
          num(
              "--label-smoothing",
              "[0, 0.5); > 0 needs loss type sigmoid or robust",
              "assumed probability that a preference label is flipped (cDPO / robust)",
              (b, v) -> b.labelSmoothing(v),
              DpoConfig::labelSmoothing),
          bool(
              "--precompute-ref-log-probs",
              "compute the reference log-probs of all the data once, before training",
              (b, v) -> b.precomputeRefLogProbs(v),
              DpoConfig::precomputeRefLogProbs),
          refModelPath(
              "none = a frozen copy of the initial policy",
              (b, v) -> b.refModelPath(v),
              DpoConfig::refModelPath),
          integer(
              "--max-prompt-length",
              "[1, --max-length]",
              "prompt tokens kept (truncated from the left)",
              (b, v) -> b.maxPromptLength(v),
              DpoConfig::maxPromptLength),
          new Flag<>(
              "--max-completion-length",
              "int",
              NONE_OR + ">= 1",
              "completion tokens kept; none = only --max-length limits",
              (b, v) ->
                  b.maxCompletionLength(isNone(v) ? null : parseInt("--max-completion-length", v)),
              c -> noneOr(c.maxCompletionLength())),
          new Flag<>(
              "--rpo-alpha",
              "float",
              NONE_OR + ">= 0",
              "weight of the chosen NLL added to the loss (RPO); none = off",
              (b, v) -> b.rpoAlpha(isNone(v) ? null : parseDouble("--rpo-alpha", v)),
              c -> noneOr(c.rpoAlpha())),
          num(
              "--regularization-weight",
              ">= 0",
              "weight of the NLL on --regularization-data examples (not in TRL); 0 = off",
              (b, v) -> b.regularizationWeight(v),
              DpoConfig::regularizationWeight));

  static final List<Flag<GrpoConfig.Builder, GrpoConfig>> GRPO =
      List.of(
          integer(
              "--num-generations",
              ">= 2; must divide batch size x accumulation steps",
              "completions sampled per prompt (the group)",
              (b, v) -> b.numGenerations(v),
              GrpoConfig::numGenerations),
          num(
              "--temperature",
              "> 0",
              "sampling temperature (the loss's log-probs use it too)",
              (b, v) -> b.temperature(v),
              GrpoConfig::temperature),
          num(
              "--top-p",
              "(0, 1]",
              "nucleus sampling mass; 1 = off",
              (b, v) -> b.topP(v),
              GrpoConfig::topP),
          integer(
              "--top-k",
              ">= 0",
              "sample among the k most likely tokens; 0 = off",
              (b, v) -> b.topK(v),
              GrpoConfig::topK),
          new Flag<>(
              "--max-prompt-length",
              "int",
              NONE_OR + ">= 1",
              "prompt tokens kept (the last ones); none = no limit",
              (b, v) -> b.maxPromptLength(isNone(v) ? null : parseInt("--max-prompt-length", v)),
              c -> noneOr(c.maxPromptLength())),
          integer(
              "--max-completion-length",
              ">= 1",
              "most tokens generated per completion",
              (b, v) -> b.maxCompletionLength(v),
              GrpoConfig::maxCompletionLength),
          new Flag<>(
              "--scale-rewards",
              "str",
              oneOf(GrpoScaleRewards.values(), GrpoScaleRewards::flagValue),
              "what the centred rewards are divided by",
              (b, v) -> b.scaleRewards(GrpoScaleRewards.parse(v)),
              c -> c.scaleRewards().flagValue()),
          num(
              "--epsilon",
              "(0, 1)",
              "lower clipping bound of the ratio: 1 - epsilon",
              (b, v) -> b.epsilon(v),
              GrpoConfig::epsilon),
          new Flag<>(
              "--epsilon-high",
              "float",
              NONE_OR + "> 0",
              "upper clipping bound 1 + epsilon-high; none = --epsilon",
              (b, v) -> b.epsilonHigh(isNone(v) ? null : parseDouble("--epsilon-high", v)),
              c -> noneOr(c.epsilonHigh())),
          num(
              "--beta",
              ">= 0",
              "weight of the KL term to the reference; 0 loads no reference",
              (b, v) -> b.beta(v),
              GrpoConfig::beta),
          new Flag<>(
              "--loss-type",
              "str",
              oneOf(GrpoLossType.values(), GrpoLossType::flagValue),
              "how per-token losses are normalised",
              (b, v) -> b.lossType(GrpoLossType.parse(v)),
              c -> c.lossType().flagValue()),
          integer(
              "--num-iterations",
              ">= 1",
              "optimizer steps per generation batch (TRL's mu)",
              (b, v) -> b.numIterations(v),
              GrpoConfig::numIterations),
          bool(
              "--mask-truncated-completions",
              "leave completions cut at --max-completion-length out of the loss (DAPO)",
              (b, v) -> b.maskTruncatedCompletions(v),
              GrpoConfig::maskTruncatedCompletions),
          refModelPath(
              "used when --beta > 0; none = the initial policy",
              (b, v) -> b.refModelPath(v),
              GrpoConfig::refModelPath));

  static final List<Flag<LoraConfig.Builder, LoraConfig>> LORA =
      List.of(
          integer("--lora-r", ">= 1", "rank of the update", (b, v) -> b.r(v), LoraConfig::r),
          num(
              "--lora-alpha",
              "> 0",
              "the update B A is scaled by alpha / r",
              (b, v) -> b.alpha(v),
              LoraConfig::alpha),
          num(
              "--lora-dropout",
              "[0, 1)",
              "dropout on the adapter input during training",
              (b, v) -> b.dropout(v),
              LoraConfig::dropout),
          new Flag<>(
              "--lora-target-modules",
              "list[str]",
              "comma list, no repeats, of " + String.join(", ", LoraConfig.ALL_PROJECTIONS),
              "the projections that get an adapter",
              (b, v) -> b.targetModules(splitList(v)),
              c -> String.join(",", c.targetModules())));

  private ConfigFlagTable() {}

  private static <B, C> Flag<B, C> num(
      String name, String range, String help, BiConsumer<B, Double> set, Function<C, Double> get) {
    return new Flag<>(
        name,
        "float",
        range,
        help,
        (b, v) -> set.accept(b, parseDouble(name, v)),
        c -> String.valueOf(get.apply(c)));
  }

  private static <B, C> Flag<B, C> integer(
      String name,
      String range,
      String help,
      BiConsumer<B, Integer> set,
      Function<C, Integer> get) {
    return new Flag<>(
        name,
        "int",
        range,
        help,
        (b, v) -> set.accept(b, parseInt(name, v)),
        c -> String.valueOf(get.apply(c)));
  }

  private static <B, C> Flag<B, C> bool(
      String name, String help, BiConsumer<B, Boolean> set, Function<C, Boolean> get) {
    return new Flag<>(
        name,
        "bool",
        "true or false",
        help,
        (b, v) -> set.accept(b, parseBoolean(name, v)),
        c -> String.valueOf(get.apply(c)));
  }

  private static <B, C> Flag<B, C> refModelPath(
      String help, BiConsumer<B, String> set, Function<C, String> get) {
    return new Flag<>(
        "--ref-model-path",
        "path",
        NONE_OR + "a checkpoint directory",
        "the reference model; " + help,
        (b, v) -> set.accept(b, isNone(v) ? null : v),
        c -> noneOr(get.apply(c)));
  }

  /** {@code a, b, c}: the flag spellings of an enum's constants. */
  private static <E> String oneOf(E[] values, Function<E, String> spelling) {
    return Arrays.stream(values).map(spelling).collect(Collectors.joining(", "));
  }

  private static String noneOr(Object value) {
    return value == null ? "none" : String.valueOf(value);
  }

  static boolean isNone(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    return s.equals("none") || s.equals("null");
  }

  static List<String> splitList(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static double parseDouble(String flag, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects a number (got '" + v + "')", e);
    }
  }

  static int parseInt(String flag, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects an integer (got '" + v + "')", e);
    }
  }

  static long parseLong(String flag, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects an integer (got '" + v + "')", e);
    }
  }

  static boolean parseBoolean(String flag, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(flag + " expects true or false (got '" + v + "')");
  }
}
