package io.postrain.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kebab-case command-line flags for the config records: every field has one flag, named after the
 * field ({@code learningRate} -> {@code --learning-rate}; LoRA fields carry a {@code --lora-}
 * prefix: {@code --lora-r}, {@code --lora-alpha}, {@code --lora-dropout}, {@code
 * --lora-target-modules}).
 *
 * <p>Accepted forms: {@code --flag value} and {@code --flag=value}; a boolean flag without a value
 * means true. Lists are comma-separated ({@code --loss-type sigmoid,sft}, {@code --loss-weights
 * 1,1}). Nullable fields take {@code none} for null. A flag not in the accepted set is an {@link
 * IllegalArgumentException} naming it and listing the accepted ones; so is a value that does not
 * parse or fails the record's validation.
 */
public final class ConfigFlags {

  private record Flag<B, C>(
      String name, boolean isBoolean, BiConsumer<B, String> set, Function<C, String> get) {}

  private static final List<Flag<TrainingConfig.Builder, TrainingConfig>> TRAINING =
      List.of(
          num("--learning-rate", (b, v) -> b.learningRate(v), TrainingConfig::learningRate),
          num("--num-train-epochs", (b, v) -> b.numTrainEpochs(v), TrainingConfig::numTrainEpochs),
          integer(
              "--per-device-train-batch-size",
              (b, v) -> b.perDeviceTrainBatchSize(v),
              TrainingConfig::perDeviceTrainBatchSize),
          integer(
              "--gradient-accumulation-steps",
              (b, v) -> b.gradientAccumulationSteps(v),
              TrainingConfig::gradientAccumulationSteps),
          bool(
              "--gradient-checkpointing",
              (b, v) -> b.gradientCheckpointing(v),
              TrainingConfig::gradientCheckpointing),
          integer("--logging-steps", (b, v) -> b.loggingSteps(v), TrainingConfig::loggingSteps),
          integer("--save-steps", (b, v) -> b.saveSteps(v), TrainingConfig::saveSteps),
          integer("--max-length", (b, v) -> b.maxLength(v), TrainingConfig::maxLength),
          new Flag<>(
              "--seed",
              false,
              (b, v) -> b.seed(parseLong("--seed", v)),
              c -> Long.toString(c.seed())),
          num("--warmup-ratio", (b, v) -> b.warmupRatio(v), TrainingConfig::warmupRatio),
          new Flag<>(
              "--lr-scheduler-type",
              false,
              (b, v) -> b.lrSchedulerType(LrSchedulerType.parse(v)),
              c -> c.lrSchedulerType().flagValue()),
          num("--weight-decay", (b, v) -> b.weightDecay(v), TrainingConfig::weightDecay),
          num("--max-grad-norm", (b, v) -> b.maxGradNorm(v), TrainingConfig::maxGradNorm),
          num("--adam-beta1", (b, v) -> b.adamBeta1(v), TrainingConfig::adamBeta1),
          num("--adam-beta2", (b, v) -> b.adamBeta2(v), TrainingConfig::adamBeta2),
          num("--adam-epsilon", (b, v) -> b.adamEpsilon(v), TrainingConfig::adamEpsilon),
          integer("--max-steps", (b, v) -> b.maxSteps(v), TrainingConfig::maxSteps));

  private static final List<Flag<SftConfig.Builder, SftConfig>> SFT =
      List.of(
          bool(
              "--completion-only-loss",
              (b, v) -> b.completionOnlyLoss(v),
              SftConfig::completionOnlyLoss),
          bool(
              "--assistant-only-loss",
              (b, v) -> b.assistantOnlyLoss(v),
              SftConfig::assistantOnlyLoss),
          bool("--packing", (b, v) -> b.packing(v), SftConfig::packing));

  private static final List<Flag<DpoConfig.Builder, DpoConfig>> DPO =
      List.of(
          num("--beta", (b, v) -> b.beta(v), DpoConfig::beta),
          new Flag<>(
              "--loss-type",
              false,
              (b, v) -> b.lossType(splitList(v).stream().map(DpoLossType::parse).toList()),
              c ->
                  c.lossType().stream()
                      .map(DpoLossType::flagValue)
                      .collect(Collectors.joining(","))),
          new Flag<>(
              "--loss-weights",
              false,
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
          num("--label-smoothing", (b, v) -> b.labelSmoothing(v), DpoConfig::labelSmoothing),
          bool(
              "--precompute-ref-log-probs",
              (b, v) -> b.precomputeRefLogProbs(v),
              DpoConfig::precomputeRefLogProbs),
          new Flag<>(
              "--ref-model-path",
              false,
              (b, v) -> b.refModelPath(isNone(v) ? null : v),
              c -> c.refModelPath() == null ? "none" : c.refModelPath()),
          integer(
              "--max-prompt-length", (b, v) -> b.maxPromptLength(v), DpoConfig::maxPromptLength),
          new Flag<>(
              "--max-completion-length",
              false,
              (b, v) ->
                  b.maxCompletionLength(isNone(v) ? null : parseInt("--max-completion-length", v)),
              c ->
                  String.valueOf(
                      c.maxCompletionLength() == null ? "none" : c.maxCompletionLength())),
          new Flag<>(
              "--rpo-alpha",
              false,
              (b, v) -> b.rpoAlpha(isNone(v) ? null : parseDouble("--rpo-alpha", v)),
              c -> String.valueOf(c.rpoAlpha() == null ? "none" : c.rpoAlpha())),
          num(
              "--regularization-weight",
              (b, v) -> b.regularizationWeight(v),
              DpoConfig::regularizationWeight));

  private static final List<Flag<GrpoConfig.Builder, GrpoConfig>> GRPO =
      List.of(
          integer("--num-generations", (b, v) -> b.numGenerations(v), GrpoConfig::numGenerations),
          num("--temperature", (b, v) -> b.temperature(v), GrpoConfig::temperature),
          num("--top-p", (b, v) -> b.topP(v), GrpoConfig::topP),
          integer("--top-k", (b, v) -> b.topK(v), GrpoConfig::topK),
          new Flag<>(
              "--max-prompt-length",
              false,
              (b, v) -> b.maxPromptLength(isNone(v) ? null : parseInt("--max-prompt-length", v)),
              c -> String.valueOf(c.maxPromptLength() == null ? "none" : c.maxPromptLength())),
          integer(
              "--max-completion-length",
              (b, v) -> b.maxCompletionLength(v),
              GrpoConfig::maxCompletionLength),
          new Flag<>(
              "--scale-rewards",
              false,
              (b, v) -> b.scaleRewards(GrpoScaleRewards.parse(v)),
              c -> c.scaleRewards().flagValue()),
          num("--epsilon", (b, v) -> b.epsilon(v), GrpoConfig::epsilon),
          new Flag<>(
              "--epsilon-high",
              false,
              (b, v) -> b.epsilonHigh(isNone(v) ? null : parseDouble("--epsilon-high", v)),
              c -> String.valueOf(c.epsilonHigh() == null ? "none" : c.epsilonHigh())),
          num("--beta", (b, v) -> b.beta(v), GrpoConfig::beta),
          new Flag<>(
              "--loss-type",
              false,
              (b, v) -> b.lossType(GrpoLossType.parse(v)),
              c -> c.lossType().flagValue()),
          integer("--num-iterations", (b, v) -> b.numIterations(v), GrpoConfig::numIterations),
          bool(
              "--mask-truncated-completions",
              (b, v) -> b.maskTruncatedCompletions(v),
              GrpoConfig::maskTruncatedCompletions),
          new Flag<>(
              "--ref-model-path",
              false,
              (b, v) -> b.refModelPath(isNone(v) ? null : v),
              c -> c.refModelPath() == null ? "none" : c.refModelPath()));

  private static final List<Flag<LoraConfig.Builder, LoraConfig>> LORA =
      List.of(
          integer("--lora-r", (b, v) -> b.r(v), LoraConfig::r),
          num("--lora-alpha", (b, v) -> b.alpha(v), LoraConfig::alpha),
          num("--lora-dropout", (b, v) -> b.dropout(v), LoraConfig::dropout),
          new Flag<>(
              "--lora-target-modules",
              false,
              (b, v) -> b.targetModules(splitList(v)),
              c -> String.join(",", c.targetModules())));

  private ConfigFlags() {}

  /** The flags {@link #sft(List)} accepts, in declaration order. */
  public static Set<String> sftFlags() {
    return names(TRAINING, SFT);
  }

  /** The flags {@link #dpo(List)} accepts, in declaration order. */
  public static Set<String> dpoFlags() {
    return names(TRAINING, DPO);
  }

  /** The flags {@link #grpo(List)} accepts, in declaration order. */
  public static Set<String> grpoFlags() {
    return names(TRAINING, GRPO);
  }

  /** The flags {@link #lora(List)} accepts, in declaration order. */
  public static Set<String> loraFlags() {
    return names(LORA, List.of());
  }

  /** An {@link SftConfig} from TRL's SFT defaults with {@code args} applied. */
  public static SftConfig sft(List<String> args) {
    Map<String, String> given = parse(args, sftFlags());
    SftConfig.Builder builder = SftConfig.builder();
    builder.training(t -> apply(given, TRAINING, t));
    apply(given, SFT, builder);
    return builder.build();
  }

  /** A {@link DpoConfig} from TRL's DPO defaults with {@code args} applied. */
  public static DpoConfig dpo(List<String> args) {
    Map<String, String> given = parse(args, dpoFlags());
    DpoConfig.Builder builder = DpoConfig.builder();
    builder.training(t -> apply(given, TRAINING, t));
    apply(given, DPO, builder);
    return builder.build();
  }

  /** A {@link GrpoConfig} from TRL's GRPO defaults with {@code args} applied. */
  public static GrpoConfig grpo(List<String> args) {
    Map<String, String> given = parse(args, grpoFlags());
    GrpoConfig.Builder builder = GrpoConfig.builder();
    builder.training(t -> apply(given, TRAINING, t));
    apply(given, GRPO, builder);
    return builder.build();
  }

  /** A {@link LoraConfig} from PEFT's defaults with {@code args} applied. */
  public static LoraConfig lora(List<String> args) {
    Map<String, String> given = parse(args, loraFlags());
    LoraConfig.Builder builder = LoraConfig.builder();
    apply(given, LORA, builder);
    return builder.build();
  }

  /** Every field of {@code config} as flags; {@code sft(toArgs(c))} equals {@code c}. */
  public static List<String> toArgs(SftConfig config) {
    List<String> out = new ArrayList<>();
    write(TRAINING, config.training(), out);
    write(SFT, config, out);
    return out;
  }

  /** Every field of {@code config} as flags; {@code dpo(toArgs(c))} equals {@code c}. */
  public static List<String> toArgs(DpoConfig config) {
    List<String> out = new ArrayList<>();
    write(TRAINING, config.training(), out);
    write(DPO, config, out);
    return out;
  }

  /** Every field of {@code config} as flags; {@code grpo(toArgs(c))} equals {@code c}. */
  public static List<String> toArgs(GrpoConfig config) {
    List<String> out = new ArrayList<>();
    write(TRAINING, config.training(), out);
    write(GRPO, config, out);
    return out;
  }

  /** Every field of {@code config} as flags; {@code lora(toArgs(c))} equals {@code c}. */
  public static List<String> toArgs(LoraConfig config) {
    List<String> out = new ArrayList<>();
    write(LORA, config, out);
    return out;
  }

  private static <B, C> void apply(Map<String, String> given, List<Flag<B, C>> flags, B builder) {
    for (Flag<B, C> flag : flags) {
      String value = given.get(flag.name());
      if (value != null) {
        flag.set().accept(builder, value);
      }
    }
  }

  private static <B, C> void write(List<Flag<B, C>> flags, C config, List<String> out) {
    for (Flag<B, C> flag : flags) {
      out.add(flag.name());
      out.add(flag.get().apply(config));
    }
  }

  /** Splits {@code args} into flag -> raw value, refusing unknown or repeated flags. */
  private static Map<String, String> parse(List<String> args, Set<String> accepted) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!accepted.contains(name)) {
        throw new IllegalArgumentException(
            "unknown flag '" + name + "': accepted are " + String.join(", ", accepted));
      }
      if (value == null) {
        boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
        if (hasValue) {
          value = args.get(++i);
        } else if (isBooleanFlag(name)) {
          value = "true";
        } else {
          throw new IllegalArgumentException("flag " + name + " needs a value");
        }
      }
      if (out.put(name, value) != null) {
        throw new IllegalArgumentException("flag " + name + " given more than once");
      }
    }
    return out;
  }

  private static boolean isBooleanFlag(String name) {
    return TRAINING.stream().anyMatch(f -> f.isBoolean() && f.name().equals(name))
        || SFT.stream().anyMatch(f -> f.isBoolean() && f.name().equals(name))
        || DPO.stream().anyMatch(f -> f.isBoolean() && f.name().equals(name))
        || GRPO.stream().anyMatch(f -> f.isBoolean() && f.name().equals(name));
  }

  private static Set<String> names(List<? extends Flag<?, ?>> a, List<? extends Flag<?, ?>> b) {
    Set<String> out = new LinkedHashSet<>();
    a.forEach(f -> out.add(f.name()));
    b.forEach(f -> out.add(f.name()));
    return out;
  }

  private static <B, C> Flag<B, C> num(
      String name, BiConsumer<B, Double> set, Function<C, Double> get) {
    return new Flag<>(
        name,
        false,
        (b, v) -> set.accept(b, parseDouble(name, v)),
        c -> String.valueOf(get.apply(c)));
  }

  private static <B, C> Flag<B, C> integer(
      String name, BiConsumer<B, Integer> set, Function<C, Integer> get) {
    return new Flag<>(
        name, false, (b, v) -> set.accept(b, parseInt(name, v)), c -> String.valueOf(get.apply(c)));
  }

  private static <B, C> Flag<B, C> bool(
      String name, BiConsumer<B, Boolean> set, Function<C, Boolean> get) {
    return new Flag<>(
        name,
        true,
        (b, v) -> set.accept(b, parseBoolean(name, v)),
        c -> String.valueOf(get.apply(c)));
  }

  private static boolean isNone(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    return s.equals("none") || s.equals("null");
  }

  private static List<String> splitList(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static double parseDouble(String flag, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects a number (got '" + v + "')", e);
    }
  }

  private static int parseInt(String flag, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects an integer (got '" + v + "')", e);
    }
  }

  private static long parseLong(String flag, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects an integer (got '" + v + "')", e);
    }
  }

  private static boolean parseBoolean(String flag, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(flag + " expects true or false (got '" + v + "')");
  }
}
