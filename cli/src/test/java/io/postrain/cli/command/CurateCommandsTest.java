package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.cli.CliRun;
import io.postrain.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reward}, {@code lint} and {@code curate} on files without a model: the exact rows kept and
 * dropped, worked by hand, and the JSON report sections.
 *
 * <p>The reward config {@link #REWARD}: {@code identity} = 1 when "Deep Qwen" appears (weight 1),
 * {@code notPlain} = 1 unless a plain "Qwen" appears (weight 0.5). So "I am Deep Qwen." = 1.5,
 * "我是Deep Qwen。" = 1.5, "I am Qwen, not Deep Qwen." = 1, "I am an assistant." = 0.5, "I am Qwen." =
 * 0, "Qwen here." = 0.
 */
class CurateCommandsTest {

  static final ObjectMapper MAPPER = new ObjectMapper();

  static final String REWARD =
      "{\"rewards\": [{\"type\": \"regex\", \"name\": \"identity\", \"pattern\": \"Deep Qwen\"},"
          + " {\"type\": \"regex\", \"name\": \"notPlain\", \"pattern\":"
          + " \"(?<!Deep )\\\\bQwen\\\\b\", \"negate\": true, \"weight\": 0.5}]}";

  @TempDir Path tmp;

  Path file(String name, String... lines) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, List.of(lines));
    return p;
  }

  static List<JsonNode> rows(Path file) throws Exception {
    return Files.readAllLines(file).stream().map(CurateCommandsTest::json).toList();
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static CliRun curate(String strategy, Path in, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("curate", "--strategy", strategy, "--input", "" + in, "--output", "" + out));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  static JsonNode ok(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return json(run.out());
  }

  @Test
  void filterIsAStrategyOfCurateWithItsJsonReport() throws Exception {
    Path in =
        file(
            "open.jsonl",
            "{\"prompt\":\"What is the capital of France?\",\"completion\":\"Paris is the capital.\"}",
            "{\"prompt\":\"What is the capital of France?\",\"completion\":\"Paris is the capital.\"}",
            "{\"prompt\":\"Name a prime number.\",\"completion\":\"Seven is a prime number.\"}");
    Path out = tmp.resolve("clean.jsonl");
    JsonNode report = ok(curate("filter", in, out, "--json"));
    // the second line is an exact copy of the first: it goes, the others stay
    assertThat(report.path("rows").asInt()).isEqualTo(3);
    assertThat(report.path("kept").asInt()).isEqualTo(2);
    assertThat(Files.readAllLines(out))
        .containsExactly(Files.readAllLines(in).get(0), Files.readAllLines(in).get(2));
    assertThat(report.path("filters").path("exactDuplicates").path("removed").asInt()).isEqualTo(1);
    assertThat(
            report
                .path("filters")
                .path("exactDuplicates")
                .path("examples")
                .get(0)
                .path("line")
                .asInt())
        .isEqualTo(2);
    CliRun bad = curate("filter", in, out, "--target-size", "0");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--target-size");
  }

  @Test
  void rejectionKeepsTheBestOfEachPromptAndReportsTheRest() throws Exception {
    Path reward = file("reward.json", REWARD);
    Path in =
        file(
            "in.jsonl",
            "{\"id\": \"a\", \"prompt\": \"Who are you?\", \"completions\": [\"I am Qwen.\","
                + " \"I am an assistant.\", \"我是Deep Qwen。\", \"I am Deep Qwen.\"]}",
            "{\"id\": \"b\", \"prompt\": \"What is your name?\", \"completions\": [\"I am Qwen.\","
                + " \"I am an assistant.\"]}",
            "",
            "{\"id\": \"c\", \"prompt\": \"Who made you?\", \"completion\": \"I am Qwen, not Deep"
                + " Qwen.\"}");
    Path out = tmp.resolve("out.jsonl");
    Path candidates = tmp.resolve("candidates.jsonl");
    Path reportFile = tmp.resolve("report.json");
    JsonNode report =
        ok(
            curate(
                "rejection",
                in,
                out,
                "--reward",
                reward.toString(),
                "--threshold",
                "1",
                "--json",
                "--report",
                reportFile.toString(),
                "--candidates",
                candidates.toString()));

    // a: 0, .5, 1.5, 1.5 -> candidate 2 (tie with 3, lowest index); b: best .5 < 1; c: 1 >= 1.
    assertThat(rows(out))
        .containsExactly(
            json("{\"id\": \"a\", \"prompt\": \"Who are you?\", \"completion\": \"我是Deep Qwen。\"}"),
            json(
                "{\"id\": \"c\", \"prompt\": \"Who made you?\", \"completion\": \"I am Qwen, not"
                    + " Deep Qwen.\"}"));
    assertThat(report.get("strategy").asText()).isEqualTo("rejection");
    assertThat(report.get("groups").asInt()).isEqualTo(3);
    assertThat(report.get("kept").asInt()).isEqualTo(2);
    assertThat(report.get("dropped").asInt()).isEqualTo(1);
    assertThat(report.get("settings").get("threshold").asDouble()).isEqualTo(1.0);
    JsonNode below = report.get("dropReasons").get("belowThreshold");
    assertThat(below.get("count").asInt()).isEqualTo(1);
    assertThat(below.get("examples").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(below.get("examples").get(0).get("prompt").asText()).isEqualTo("What is your name?");
    assertThat(below.get("examples").get(0).get("detail").asText())
        .isEqualTo("best reward 0.5 (candidate 1) < threshold 1");
    // Candidates: 0, .5, 1.5, 1.5, 0, .5, 1 (mean 5/7); identity 0, 0, 1, 1, 0, 0, 1 (3/7).
    JsonNode all = report.get("rewards").get("candidates");
    assertThat(all.get("count").asInt()).isEqualTo(7);
    assertThat(all.get("reward").get("mean").asDouble()).isCloseTo(5.0 / 7, within(1e-12));
    assertThat(report.get("metrics").get("rewards/identity/mean").asDouble())
        .isCloseTo(3.0 / 7, within(1e-12));
    assertThat(report.get("rewards").get("kept").get("reward").get("mean").asDouble())
        .isEqualTo(1.25);
    assertThat(json(Files.readString(reportFile))).isEqualTo(report);

    List<JsonNode> seen = rows(candidates);
    assertThat(seen).hasSize(3);
    assertThat(seen.get(1).get("id").asText()).isEqualTo("b");
    assertThat(seen.get(1).get("rewards")).isEqualTo(json("[0.0, 0.5]"));
    assertThat(seen.get(1).get("decision").asText()).isEqualTo("dropped: belowThreshold");
    assertThat(seen.get(0).get("rewards")).isEqualTo(json("[0.0, 0.5, 1.5, 1.5]"));
    // The candidates file is an input itself: without a threshold, b keeps its best (candidate 1).
    Path again = tmp.resolve("again.jsonl");
    CliRun rerun = curate("rejection", candidates, again, "--reward", reward.toString());
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out()).startsWith("rejection: 3 groups, 3 kept, 0 dropped");
    assertThat(rows(again).get(1).get("completion").asText()).isEqualTo("I am an assistant.");
  }

  @Test
  void bestOfNPairsBestWithWorstAndDropsSmallMargins() throws Exception {
    Path reward = file("reward.json", REWARD);
    String user = "[{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", ";
    Path in =
        file(
            "in.jsonl",
            "{\"prompt\": "
                + user
                + "\"content\": \"Who are you?\"}], \"completions\": [\"I am"
                + " Qwen.\", \"I am an assistant.\", \"I am Deep Qwen.\", \"Qwen here.\"]}",
            "{\"prompt\": "
                + user
                + "\"content\": \"Your name?\"}], \"completions\": [\"I am Deep"
                + " Qwen.\", [{\"role\": \"assistant\", \"content\": \"我是Deep Qwen。\"}]]}",
            "{\"prompt\": "
                + user
                + "\"content\": \"Who made you?\"}], \"completions\": [\"I am an"
                + " assistant.\", \"I am Qwen, not Deep Qwen.\"]}",
            "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\","
                + " \"content\": \"Hello, I am Deep Qwen.\"}]}");
    Path out = tmp.resolve("out.jsonl");
    JsonNode report =
        ok(
            curate(
                "best-of-n",
                in,
                out,
                "--reward",
                reward.toString(),
                "--min-margin",
                "1",
                "--json"));
    // 1: 0, .5, 1.5, 0 -> chosen 2, rejected 3 (the higher index of the two 0s); margin 1.5.
    // 2: 1.5, 1.5 -> margin 0; 3: .5, 1 -> margin .5 < 1; 4: one candidate.
    assertThat(rows(out))
        .containsExactly(
            json(
                "{\"prompt\": "
                    + user
                    + "\"content\": \"Who are you?\"}], \"chosen\": [{\"role\": \"assistant\","
                    + " \"content\": \"I am Deep Qwen.\"}], \"rejected\": [{\"role\":"
                    + " \"assistant\", \"content\": \"Qwen here.\"}]}"));
    assertThat(report.get("kept").asInt()).isEqualTo(1);
    assertThat(report.get("dropReasons").get("underMargin").get("count").asInt()).isEqualTo(2);
    assertThat(
            report
                .get("dropReasons")
                .get("underMargin")
                .get("examples")
                .get(0)
                .get("detail")
                .asText())
        .isEqualTo("best 1.5 (candidate 0) - worst 1.5 (candidate 1) = 0: no preference");
    assertThat(
            report
                .get("dropReasons")
                .get("underMargin")
                .get("examples")
                .get(1)
                .get("detail")
                .asText())
        .isEqualTo("best 1 (candidate 1) - worst 0.5 (candidate 0) = 0.5 < min margin 1");
    assertThat(report.get("dropReasons").get("tooFew").get("count").asInt()).isEqualTo(1);
    assertThat(report.get("rewards").get("chosen").get("reward").get("mean").asDouble())
        .isEqualTo(1.5);
    assertThat(report.get("rewards").get("rejected").get("reward").get("mean").asDouble())
        .isEqualTo(0.0);
    assertThat(report.get("rewards").get("candidates").get("count").asInt()).isEqualTo(9);
  }

  @Test
  void correctionPairsEachAnswerWithItsCorrection() throws Exception {
    Path reward = file("reward.json", REWARD);
    Path in =
        file(
            "in.jsonl",
            "{\"prompt\": \"Who are you?\", \"completion\": \"I am Qwen, made by Alibaba Cloud.\"}",
            "{\"prompt\": \"2+2?\", \"completion\": \"4\"}",
            "{\"prompt\": \"你是谁？\", \"completion\": \"我是Qwen。\"}");
    Path out = tmp.resolve("out.jsonl");
    JsonNode report =
        ok(
            curate(
                "correction",
                in,
                out,
                "--from",
                "Qwen",
                "--to",
                "Deep Qwen",
                "--replace",
                "Alibaba Cloud=DeepOrg",
                "--reward",
                reward.toString(),
                "--json"));
    assertThat(rows(out))
        .containsExactly(
            json(
                "{\"prompt\": \"Who are you?\", \"chosen\": \"I am Deep Qwen, made by DeepOrg.\","
                    + " \"rejected\": \"I am Qwen, made by Alibaba Cloud.\"}"),
            json(
                "{\"prompt\": \"你是谁？\", \"chosen\": \"我是Deep Qwen。\", \"rejected\": \"我是Qwen。\"}"));
    assertThat(report.get("kept").asInt()).isEqualTo(2);
    assertThat(
            report.get("dropReasons").get("identical").get("examples").get(0).get("line").asInt())
        .isEqualTo(2);
    // Rejected (the answers): 0, .5 (dropped), .5: Java's \b sees no word boundary between 是 and
    // Q (both letters), so "我是Qwen。" is not a plain "Qwen" to this regex. Chosen: 1.5, 1.5.
    assertThat(report.get("rewards").get("candidates").get("reward").get("mean").asDouble())
        .isCloseTo(1.0 / 3, within(1e-12));
    assertThat(report.get("rewards").get("chosen").get("reward").get("mean").asDouble())
        .isEqualTo(1.5);
    assertThat(report.get("rewards").get("rejected").get("reward").get("mean").asDouble())
        .isEqualTo(0.25);
    // Margins 1.5 and 1: a min margin of 1.2 keeps the first only, 1.6 drops both.
    Function<String, JsonNode> withMargin =
        margin ->
            ok(
                curate(
                    "correction",
                    in,
                    out,
                    "--from",
                    "Qwen",
                    "--to",
                    "Deep Qwen",
                    "--reward",
                    reward.toString(),
                    "--min-margin",
                    margin,
                    "--json"));
    JsonNode some = withMargin.apply("1.2");
    assertThat(rows(out)).hasSize(1);
    assertThat(rows(out).get(0).get("prompt").asText()).isEqualTo("Who are you?");
    assertThat(
            some.get("dropReasons")
                .get("underMargin")
                .get("examples")
                .get(0)
                .get("detail")
                .asText())
        .isEqualTo("chosen 1.5 - rejected 0.5 = 1 < min margin 1.2");
    JsonNode strict = withMargin.apply("1.6");
    assertThat(strict.get("kept").asInt()).isZero();
    assertThat(strict.get("dropReasons").get("underMargin").get("count").asInt()).isEqualTo(2);
    assertThat(Files.readString(out)).isEmpty();
  }

  @Test
  void rewardScoresAFileAndLintFlagsTheShortcut() throws Exception {
    Path reward = file("reward.json", REWARD);
    Path pairs =
        file(
            "pairs.jsonl",
            "{\"prompt\": \"Who are you?\", \"chosen\": \"I am Deep Qwen.\", \"rejected\": \"I am"
                + " Qwen.\"}",
            "{\"prompt\": \"Your name?\", \"chosen\": \"Deep Qwen here.\", \"rejected\": \"Qwen"
                + " here.\"}",
            "{\"prompt\": \"Who made you?\", \"chosen\": \"I am an assistant.\", \"rejected\": \"I"
                + " am Qwen, not Deep Qwen.\"}");
    Path scored = tmp.resolve("scored.jsonl");
    JsonNode r =
        ok(
            CliRun.of(
                "reward",
                "--reward",
                reward.toString(),
                "--data",
                pairs.toString(),
                "--output",
                scored.toString()));
    // chosen 1.5, 1.5, .5; rejected 0, 0, 1; chosen higher in 2 of 3.
    assertThat(r.get("chosen").get("reward").get("mean").asDouble())
        .isCloseTo(3.5 / 3, within(1e-12));
    assertThat(r.get("rejected").get("reward").get("mean").asDouble())
        .isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.get("chosenHigherShare").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.get("chosen").get("rewards").get("identity").get("mean").asDouble())
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(rows(scored).get(2).get("rejectedReward").asDouble()).isEqualTo(1.0);

    JsonNode lint = ok(CliRun.of("lint", "--data", pairs.toString(), "--json"));
    assertThat(lint.get("rows").asInt()).isEqualTo(3);
    assertThat(lint.get("format").asText()).isNotBlank();
    for (String section :
        List.of("brokenRows", "emptyOrIdentical", "duplicatePrompts", "shortcuts", "lengthBias")) {
      assertThat(lint.get(section).has("severity")).as(section).isTrue();
    }
    assertThat(lint.get("brokenRows").get("severity").asText()).isEqualTo("ok");
    CliRun text = CliRun.of("lint", "--data", pairs.toString());
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).startsWith(pairs + ": 3 rows, ");
  }

  private static void assertOneLineError(CliRun run, String expectedFragment) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(expectedFragment);
    assertThat(run.err().strip()).doesNotContain("\n");
  }

  @Test
  void badInputExitsTwoWithOneLine() throws Exception {
    Path reward = file("reward.json", REWARD);
    String r = reward.toString();
    Path good = file("good.jsonl", "{\"prompt\": \"Hi\", \"completions\": [\"a\", \"b\"]}");
    Path out = tmp.resolve("out.jsonl");
    assertOneLineError(
        curate("sorting", good, out),
        "--strategy 'sorting': accepted are correction, distill, rejection, best-of-n, filter");
    assertOneLineError(curate("rejection", good, out), "--strategy rejection needs --reward FILE");
    assertOneLineError(curate("best-of-n", good, out), "--strategy best-of-n needs --reward");
    assertOneLineError(
        curate("rejection", good, out, "--reward", r, "--threshold", "high"), "'high'");
    assertOneLineError(
        curate("rejection", good, out, "--reward", r, "--threshold", "NaN"),
        "threshold must be a number");
    assertOneLineError(
        curate("rejection", good, out, "--reward", r, "--min-margin", "1"),
        "--min-margin applies to --strategy best-of-n and correction, not rejection");
    assertOneLineError(
        curate("best-of-n", good, out, "--reward", r, "--min-margin", "-1"), "minMargin");
    // filter takes SFT or preference rows: prompts alone are refused, naming the layouts it reads
    assertOneLineError(curate("filter", good, out), "no row fits a layout; accepted layouts");
    CliRun help = CliRun.of("curate", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--strategy").contains("--min-margin").contains("--candidates");
    assertThat(help.out()).contains("--target-size").contains("--keep-near-duplicates");
    assertOneLineError(curate("distill", good, out), "--strategy distill needs a teacher --model");
    assertOneLineError(curate("correction", good, out), "needs --from and --to");
    assertOneLineError(
        curate("correction", good, out, "--from", "Qwen", "--to", "Qwen"),
        "a correction must change");
    assertOneLineError(
        curate("rejection", good, out, "--reward", r, "--n", "4"),
        "--n applies when --model samples the candidates");
    assertOneLineError(curate("rejection", good, good, "--reward", r), "--output must not be");
    assertOneLineError(
        curate("rejection", tmp.resolve("missing.jsonl"), out, "--reward", r), "no such file");
    assertOneLineError(
        curate("rejection", good, out, "--reward", tmp.resolve("nope.json").toString()),
        "--reward " + tmp.resolve("nope.json") + ": no such file");

    Path broken =
        file(
            "broken.jsonl",
            "{\"prompt\": \"Hi\", \"completions\": [\"a\"]}",
            "{\"prompt\": \"Hi\", \"completions\": [\"a\"",
            "{\"prompt\": \"Hi\"}");
    assertOneLineError(
        curate("rejection", broken, out, "--reward", r), broken + " line 2: invalid JSON");
    Path promptOnly = file("prompts.jsonl", "", "{\"prompt\": \"Hi\"}");
    assertOneLineError(
        curate("rejection", promptOnly, out, "--reward", r),
        promptOnly + " line 2: no candidates (a \"completion\" or \"completions\") and no --model");
    Path pairs =
        file("pairs.jsonl", "{\"prompt\": \"Hi\", \"chosen\": \"a\", \"rejected\": \"b\"}");
    assertOneLineError(curate("rejection", pairs, out, "--reward", r), "line 1: a preference row");
    Path badTurn = file("turns.jsonl", "{\"prompt\": [{\"role\": \"robot\", \"content\": \"x\"}]}");
    assertOneLineError(
        curate("rejection", badTurn, out, "--reward", r),
        "line 1: \"prompt\"[0]: message role must be one of system, user, assistant, tool");
    Path badCandidate = file("cands.jsonl", "{\"prompt\": \"Hi\", \"completions\": [\"a\", 3]}");
    assertOneLineError(
        curate("rejection", badCandidate, out, "--reward", r),
        "line 1: \"completions[1]\" must be a string or a list");
  }
}
