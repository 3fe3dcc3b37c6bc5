package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.cli.CliRun;
import io.postrain.train.DpoConfig;
import io.postrain.train.GrpoConfig;
import io.postrain.train.LoraConfig;
import io.postrain.train.SftConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code postrain sft|dpo|grpo --help} lists every config field with its type, default and accepted
 * values: checked against the configs' own JSON (every field, the builders' defaults) and against
 * the validation, by running values just outside each stated range.
 */
class TrainHelpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code " --beta <float> default: 0.1"}, then {@code " accepts: > 0"}. */
  private static final Pattern FIELD_LINE =
      Pattern.compile("^  (--[a-z0-9-]+) <([^>]+)>  default: (.*)$");

  private static final Pattern ACCEPTS_LINE = Pattern.compile("^      accepts: (.*)$");

  private record Field(String type, String defaultValue, String range) {}

  @ParameterizedTest
  @ValueSource(strings = {"sft", "dpo", "grpo"})
  void helpListsEveryFieldOfTheConfigJsonWithItsDefault(String method) throws Exception {
    CliRun help = CliRun.of(method, "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).contains("--model=<model>").contains("--output=<output>");
    Map<String, Field> listed = fields(help.out());

    Map<String, String> expected = new LinkedHashMap<>();
    JsonNode config = JSON.readTree(defaultsJson(method));
    flags(config.get("training"), "--", expected);
    flags(config, "--", expected);
    flags(JSON.readTree(LoraConfig.builder().build().toJson()), "--lora-", expected);

    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (flag, value) ->
            assertThat(listed.get(flag).defaultValue()).as(method + " " + flag).isEqualTo(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sft", "dpo", "grpo"})
  void helpIsGroupedTrainingThenTheMethodThenLora(String method) {
    String out = CliRun.of(method, "--help").out();
    String title = method.equals("sft") ? "SFT" : method.toUpperCase(Locale.ROOT);
    int options = out.indexOf("--output=<output>");
    int training = out.indexOf("Training (TrainingConfig, TRL's " + title + " defaults):");
    int own =
        out.indexOf(
            title
                + " ("
                + title.charAt(0)
                + title.substring(1).toLowerCase(Locale.ROOT)
                + "Config):");
    int lora = out.indexOf("LoRA (LoraConfig");
    assertThat(options).isPositive();
    assertThat(training).isGreaterThan(options);
    assertThat(own).isGreaterThan(training);
    assertThat(lora).isGreaterThan(own);
  }

  @Test
  void handCheckedLines() {
    String sft = CliRun.of("sft", "--help").out();
    String dpo = CliRun.of("dpo", "--help").out();
    String grpo = CliRun.of("grpo", "--help").out();
    assertListed(sft, "--learning-rate", "float", "2.0E-5", "> 0");
    assertListed(sft, "--logging-steps", "int", "10", ">= 1");
    assertListed(sft, "--warmup-ratio", "float", "0.0", "[0, 1]");
    assertListed(sft, "--max-steps", "int", "-1", "-1 or >= 1");
    assertListed(sft, "--report-to", "list[str]", "none", "none, or a comma list of tensorboard");
    assertListed(
        sft, "--logging-dir", "path", "runs", "a relative directory inside the output directory");
    assertListed(sft, "--completion-only-loss", "bool", "true", "true or false");
    assertListed(sft, "--packing", "bool", "false", "false only");
    assertListed(
        sft,
        "--lr-scheduler-type",
        "str",
        "linear",
        "linear, cosine, constant, constant_with_warmup");
    assertListed(sft, "--lora-r", "int", "8", ">= 1");
    assertListed(sft, "--lora-dropout", "float", "0.0", "[0, 1)");
    assertListed(dpo, "--learning-rate", "float", "1.0E-6", "> 0");
    assertListed(dpo, "--beta", "float", "0.1", "> 0");
    assertListed(
        dpo,
        "--loss-type",
        "list[str]",
        "sigmoid",
        "comma list, no repeats, of sigmoid, ipo, hinge, robust, sft");
    assertListed(
        dpo,
        "--label-smoothing",
        "float",
        "0.0",
        "[0, 0.5); > 0 needs loss type sigmoid or robust");
    assertListed(dpo, "--max-prompt-length", "int", "512", "[1, --max-length]");
    assertListed(dpo, "--max-completion-length", "int", "none", "none or >= 1");
    assertListed(grpo, "--beta", "float", "0.0", ">= 0");
    assertListed(grpo, "--loss-type", "str", "dapo", "grpo, dapo, dr_grpo, bnpo");
    assertListed(grpo, "--top-p", "float", "1.0", "(0, 1]");
    assertListed(grpo, "--epsilon", "float", "0.2", "(0, 1)");
    assertListed(grpo, "--max-completion-length", "int", "256", ">= 1");
    assertListed(
        grpo, "--num-generations", "int", "8", ">= 2; must divide batch size x accumulation steps");
    assertThat(grpo).doesNotContain("--packing").doesNotContain("--label-smoothing");
  }

  /** The two lines of {@code flag}: name, type and default; then the accepted values. */
  private static void assertListed(
      String help, String flag, String type, String defaultValue, String accepts) {
    assertThat(help.lines())
        .containsSequence(
            "  " + flag + " <" + type + ">  default: " + defaultValue, "      accepts: " + accepts);
  }

  /** {@code > 0}, {@code >= 2}, {@code [0, 1)} ...: the bound part of a stated range. */
  private static final Pattern BOUND =
      Pattern.compile(
          "(?:none or |-1 or )?"
              + "(?:(>=?) (-?[0-9.]+)|([\\[(])(-?[0-9.]+), (-?[0-9.]+)([\\])]))"
              + "(;.*)?");

  @ParameterizedTest
  @ValueSource(strings = {"sft", "dpo", "grpo"})
  void everyNumericRangeShownIsTheOneEnforced(String method) {
    Map<String, Field> listed = fields(CliRun.of(method, "--help").out());
    int checked = 0;
    for (Map.Entry<String, Field> e : listed.entrySet()) {
      String flag = e.getKey();
      Field field = e.getValue();
      Matcher m = BOUND.matcher(field.range());
      if (!m.matches()) {
        continue;
      }
      boolean isInt = field.type().equals("int");
      double step = isInt ? 1 : 0.001;
      List<Double> outside = new ArrayList<>();
      List<Double> inside = new ArrayList<>();
      if (m.group(1) != null) {
        double low = Double.parseDouble(m.group(2));
        boolean inclusive = m.group(1).equals(">=");
        outside.add(inclusive ? low - step : low);
        inside.add(inclusive ? low : low + step);
      } else {
        double low = Double.parseDouble(m.group(4));
        double high = Double.parseDouble(m.group(5));
        boolean lowIn = m.group(3).equals("[");
        boolean highIn = m.group(6).equals("]");
        outside.add(lowIn ? low - step : low);
        outside.add(highIn ? high + step : high);
        inside.add(lowIn ? low : low + step);
        inside.add(highIn ? high : high - step);
      }
      for (double v : outside) {
        String value = isInt ? Long.toString((long) v) : Double.toString(v);
        CliRun r = runWith(method, flag + "=" + value);
        assertThat(r.exitCode())
            .as(method + " " + flag + "=" + value + ": " + r.err())
            .isEqualTo(2);
        assertThat(r.err())
            .as(method + " " + flag + "=" + value)
            .startsWith("postrain: " + flag + ": ")
            .contains("must be");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
      }
      // At the bound: no range error of this flag (a rule across fields, e.g. GRPO's batch /
      // group or DPO's prompt <= max length, may still fire).
      for (double v : inside) {
        String value = isInt ? Long.toString((long) v) : Double.toString(v);
        CliRun r = runWith(method, flag + "=" + value);
        assertThat(r.err())
            .as(method + " " + flag + "=" + value)
            .doesNotContainPattern(Pattern.quote(flag + ": ") + "\\w+ must be (>|in |-1)");
      }
      checked++;
    }
    assertThat(checked).as(method + ": fields with a numeric range").isGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sft", "dpo", "grpo"})
  void valuesOutsideTheListedChoicesAreRefusedNamingTheFlag(String method) {
    Map<String, Field> listed = fields(CliRun.of(method, "--help").out());
    int checked = 0;
    for (Map.Entry<String, Field> e : listed.entrySet()) {
      String range = e.getValue().range();
      String bad =
          range.equals("false only")
              ? "true"
              : e.getValue().type().equals("str") || range.equals("true or false")
                  ? "no-such-choice"
                  : null;
      if (bad == null) {
        continue;
      }
      CliRun r = runWith(method, e.getKey() + "=" + bad);
      assertThat(r.exitCode()).as(e.getKey() + "=" + bad + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(e.getKey() + "=" + bad).startsWith("postrain: " + e.getKey());
      checked++;
    }
    assertThat(checked).as(method + ": bool and choice fields").isGreaterThanOrEqualTo(3);
  }

  @Test
  void reportToAndLoggingDirOutsideTheListedValuesAreRefused() {
    CliRun wandb = runWith("sft", "--report-to=wandb");
    assertThat(wandb.exitCode()).isEqualTo(2);
    assertThat(wandb.err())
        .startsWith("postrain: --report-to: ")
        .contains("unknown value 'wandb'")
        .contains("accepted: none, or a list of tensorboard");
    CliRun outside = runWith("dpo", "--logging-dir=../elsewhere");
    assertThat(outside.exitCode()).isEqualTo(2);
    assertThat(outside.err())
        .startsWith("postrain: --logging-dir: ")
        .contains("inside the output directory");
  }

  @Test
  void dpoPromptLengthIsBoundByMaxLengthAsListed() {
    CliRun over = runWith("dpo", "--max-length=100", "--max-prompt-length=101");
    assertThat(over.exitCode()).isEqualTo(2);
    assertThat(over.err())
        .startsWith("postrain: --max-prompt-length: ")
        .contains("[1, maxLength=100]");
    CliRun at = runWith("dpo", "--max-length=100", "--max-prompt-length=100");
    assertThat(at.err()).doesNotContain("--max-prompt-length");
    CliRun zero = runWith("dpo", "--max-prompt-length=0");
    assertThat(zero.err()).startsWith("postrain: --max-prompt-length: ");
  }

  /** The method with its required options pointing nowhere: the config is checked first. */
  private static CliRun runWith(String method, String... flags) {
    List<String> args =
        new ArrayList<>(List.of(method, "--model", "no-model", "--output", "no-out"));
    if (method.equals("grpo")) {
      args.addAll(List.of("--prompts", "no-prompts.jsonl", "--reward", "no-reward.json"));
    } else {
      args.addAll(List.of("--data", "no-data.jsonl"));
    }
    args.addAll(List.of(flags));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static String defaultsJson(String method) {
    return switch (method) {
      case "sft" -> SftConfig.builder().build().toJson();
      case "dpo" -> DpoConfig.builder().build().toJson();
      default -> GrpoConfig.builder().build().toJson();
    };
  }

  /** Flag -> default as the JSON has it: arrays comma-joined, null as {@code none}. */
  private static void flags(JsonNode object, String prefix, Map<String, String> out) {
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("training")) {
        continue;
      }
      String flag = prefix + f.getKey().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
      JsonNode v = f.getValue();
      String text =
          v.isNull()
              ? "none"
              : v.isArray()
                  ? String.join(
                      ",",
                      StreamSupport.stream(v.spliterator(), false).map(JsonNode::asText).toList())
                  : v.asText();
      out.put(flag, text);
    }
  }

  private static Map<String, Field> fields(String help) {
    Map<String, Field> out = new LinkedHashMap<>();
    List<String> lines = help.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = FIELD_LINE.matcher(lines.get(i));
      if (m.matches()) {
        Matcher accepts = ACCEPTS_LINE.matcher(lines.get(i + 1));
        assertThat(accepts.matches()).as("accepts line after " + lines.get(i)).isTrue();
        Field previous = out.put(m.group(1), new Field(m.group(2), m.group(3), accepts.group(1)));
        assertThat(previous).as("listed twice: " + m.group(1)).isNull();
      }
    }
    return out;
  }
}
