package io.postrain.train;

import static io.postrain.train.ConfigFlagTable.DPO;
import static io.postrain.train.ConfigFlagTable.GRPO;
import static io.postrain.train.ConfigFlagTable.LORA;
import static io.postrain.train.ConfigFlagTable.SFT;
import static io.postrain.train.ConfigFlagTable.TRAINING;

import io.postrain.train.ConfigFlagTable.Flag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * parse or fails the record's validation, the latter with the flag in front ({@code --beta: beta
 * must be > 0 (got 0.0)}).
 *
 * <p>The flags, their types, accepted values and meanings are {@link ConfigFlagTable}'s; {@link
 * #sftHelp()} and its siblings list them for {@code --help} with the builders' defaults.
 */
public final class ConfigFlags {
  /** The field a record's validation message starts with, e.g. {@code beta} in "beta must be". */
  private static final Pattern LEADING_FIELD = Pattern.compile("[a-z][A-Za-z0-9]*");

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
    return namingTheFlag(
        () -> {
          SftConfig.Builder builder = SftConfig.builder();
          builder.training(t -> apply(given, TRAINING, t));
          apply(given, SFT, builder);
          return builder.build();
        },
        TRAINING,
        SFT);
  }

  /** A {@link DpoConfig} from TRL's DPO defaults with {@code args} applied. */
  public static DpoConfig dpo(List<String> args) {
    Map<String, String> given = parse(args, dpoFlags());
    return namingTheFlag(
        () -> {
          DpoConfig.Builder builder = DpoConfig.builder();
          builder.training(t -> apply(given, TRAINING, t));
          apply(given, DPO, builder);
          return builder.build();
        },
        TRAINING,
        DPO);
  }

  /** A {@link GrpoConfig} from TRL's GRPO defaults with {@code args} applied. */
  public static GrpoConfig grpo(List<String> args) {
    Map<String, String> given = parse(args, grpoFlags());
    return namingTheFlag(
        () -> {
          GrpoConfig.Builder builder = GrpoConfig.builder();
          builder.training(t -> apply(given, TRAINING, t));
          apply(given, GRPO, builder);
          return builder.build();
        },
        TRAINING,
        GRPO);
  }

  /** A {@link LoraConfig} from PEFT's defaults with {@code args} applied. */
  public static LoraConfig lora(List<String> args) {
    Map<String, String> given = parse(args, loraFlags());
    return namingTheFlag(
        () -> {
          LoraConfig.Builder builder = LoraConfig.builder();
          apply(given, LORA, builder);
          return builder.build();
        },
        LORA,
        List.of());
  }

  /**
   * The config-field part of {@code postrain sft --help}: every training, SFT and LoRA flag with
   * its type, default (TRL's SFT defaults, PEFT's for LoRA) and accepted values.
   */
  public static String sftHelp() {
    SftConfig defaults = SftConfig.builder().build();
    StringBuilder out = new StringBuilder();
    section(out, "Training (TrainingConfig, TRL's SFT defaults):", TRAINING, defaults.training());
    section(out, "SFT (SftConfig):", SFT, defaults);
    loraSection(out);
    return out.toString();
  }

  /** The config-field part of {@code postrain dpo --help}, as {@link #sftHelp()}. */
  public static String dpoHelp() {
    DpoConfig defaults = DpoConfig.builder().build();
    StringBuilder out = new StringBuilder();
    section(out, "Training (TrainingConfig, TRL's DPO defaults):", TRAINING, defaults.training());
    section(out, "DPO (DpoConfig):", DPO, defaults);
    loraSection(out);
    return out.toString();
  }

  /** The config-field part of {@code postrain grpo --help}, as {@link #sftHelp()}. */
  public static String grpoHelp() {
    GrpoConfig defaults = GrpoConfig.builder().build();
    StringBuilder out = new StringBuilder();
    section(out, "Training (TrainingConfig, TRL's GRPO defaults):", TRAINING, defaults.training());
    section(out, "GRPO (GrpoConfig):", GRPO, defaults);
    loraSection(out);
    return out.toString();
  }

  private static void loraSection(StringBuilder out) {
    section(
        out,
        "LoRA (LoraConfig, PEFT's defaults; on with --lora or any --lora-* flag):",
        LORA,
        LoraConfig.builder().build());
  }

  /** Per flag three lines: name and type with the default, the accepted values, the meaning. */
  private static <B, C> void section(
      StringBuilder out, String title, List<Flag<B, C>> flags, C defaults) {
    out.append(out.isEmpty() ? "" : "\n").append(title).append('\n');
    for (Flag<B, C> flag : flags) {
      out.append("  ")
          .append(flag.name())
          .append(" <")
          .append(flag.type())
          .append(">  default: ")
          .append(flag.get().apply(defaults))
          .append("\n      accepts: ")
          .append(flag.range())
          .append("\n      ")
          .append(flag.help())
          .append('\n');
    }
  }

  /**
   * Runs {@code build}; a validation error of the records, which names the field ({@code "beta must
   * be > 0 (got 0.0)"}), is given the flag's name in front ({@code "--beta: beta must ..."}).
   */
  private static <T> T namingTheFlag(
      Supplier<T> build, List<? extends Flag<?, ?>> a, List<? extends Flag<?, ?>> b) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      Matcher leading = LEADING_FIELD.matcher(message);
      if (leading.lookingAt()) {
        String field = leading.group();
        for (Flag<?, ?> flag : concat(a, b)) {
          if (fieldOf(flag.name()).equals(field)) {
            throw new IllegalArgumentException(flag.name() + ": " + message, e);
          }
        }
      }
      throw e;
    }
  }

  /**
   * The record field of a flag: {@code --learning-rate} -> {@code learningRate}, LoRA's unprefixed.
   */
  private static String fieldOf(String flag) {
    String[] words = flag.substring(2).replaceFirst("^lora-", "").split("-");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
  }

  private static List<Flag<?, ?>> concat(
      List<? extends Flag<?, ?>> a, List<? extends Flag<?, ?>> b) {
    List<Flag<?, ?>> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
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
}
