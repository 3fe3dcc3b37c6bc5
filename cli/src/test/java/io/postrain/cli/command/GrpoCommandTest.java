package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.cli.CliRun;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpoCommandTest {

  @TempDir Path tmp;

  private Path model;
  private Path prompts;
  private Path reward;

  @BeforeEach
  void files() throws Exception {
    model =
        RandomCheckpoint.write(
            tmp.resolve("base"),
            ModelConfigBuilder.tiny("qwen3").hiddenSize(32).numHiddenLayers(1).build(),
            7,
            "float32");
    prompts = tmp.resolve("prompts.jsonl");
    Files.write(
        prompts,
        List.of(
            "{\"prompt\": [{\"role\": \"user\", \"content\": \"2+2?\"}], \"answer\": \"4\"}",
            "{\"prompt\": [{\"role\": \"user\", \"content\": \"3+4?\"}], \"answer\": \"7\"}"));
    reward = tmp.resolve("reward.json");
    Files.writeString(
        reward,
        "{\"rewards\": [{\"type\": \"exact\", \"field\": \"answer\"},"
            + " {\"type\": \"regex\", \"pattern\": \"[0-9]\", \"score\": \"fraction\"}]}");
  }

  private CliRun grpo(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "grpo",
                "--model",
                model.toString(),
                "--prompts",
                prompts.toString(),
                "--reward",
                reward.toString(),
                "--output",
                tmp.resolve("out").toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void writesTheModelInHuggingFaceLayoutAndPrintsTheMetrics() throws Exception {
    CliRun r =
        grpo(
            "--num-generations",
            "4",
            "--per-device-train-batch-size",
            "4",
            "--max-completion-length",
            "4",
            "--max-steps",
            "2",
            "--learning-rate",
            "1e-3",
            "--logging-steps",
            "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(r.out().strip());
    assertThat(summary.get("global_step").asInt()).isEqualTo(2);
    JsonNode metrics = summary.get("metrics");
    assertThat(metrics.has("rewards/exact/mean")).isTrue();
    assertThat(metrics.has("rewards/regex/mean")).isTrue();
    assertThat(metrics.get("completions/max_length").asDouble()).isLessThanOrEqualTo(4.0);
    Path out = tmp.resolve("out");
    assertThat(out.resolve("config.json")).exists();
    assertThat(out.resolve("model.safetensors")).exists();
    assertThat(out.resolve("tokenizer.json")).exists();
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(2);
  }

  @Test
  void badInputExitsWithTwoAndOneLineNamingWhatWasWrong() throws Exception {
    Path noPrompt = tmp.resolve("bad.jsonl");
    Files.write(noPrompt, List.of("{\"question\": \"2+2?\"}"));
    Path badReward = tmp.resolve("bad-reward.json");
    Files.writeString(badReward, "{\"rewards\": [{\"type\": \"vibes\"}]}");
    Object[][] cases = {
      {new String[] {"--loss-type", "ppo"}, "lossType must be one of grpo, dapo, dr_grpo, bnpo"},
      {new String[] {"--scale-rewards", "yes"}, "scaleRewards must be one of group, batch, none"},
      {new String[] {"--per-device-train-batch-size", "3"}, "must be a multiple of numGenerations"},
      {new String[] {"--num-generations", "1"}, "numGenerations must be >= 2"},
      {new String[] {"--epsilon", "1.5"}, "epsilon must be in (0, 1)"},
      {new String[] {"--bogus", "1"}, "unknown flag '--bogus'"},
      {new String[] {"--prompts", tmp.resolve("none.jsonl").toString()}, "no such file"},
      {new String[] {"--prompts", noPrompt.toString()}, "line 1: expected {\"prompt\""},
      {new String[] {"--reward", badReward.toString()}, "vibes"},
      {new String[] {"--model", tmp.toString()}, "not a model directory"},
    };
    for (Object[] c : cases) {
      String[] extra = (String[]) c[0];
      CliRun r = grpoReplacing(extra);
      assertThat(r.exitCode()).as(String.join(" ", extra) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", extra)).contains((String) c[1]);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
    CliRun missing = CliRun.of("grpo", "--model", model.toString(), "--output", "x");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--prompts").contains("--reward");
  }

  /**
   * The standard arguments with {@code --prompts}, {@code --reward} or {@code --model} replaced.
   */
  private CliRun grpoReplacing(String... extra) {
    List<String> base = new ArrayList<>(List.of("grpo"));
    List<String> replaced = List.of(extra);
    String[][] standard = {
      {"--model", model.toString()},
      {"--prompts", prompts.toString()},
      {"--reward", reward.toString()},
      {"--output", tmp.resolve("out").toString()},
    };
    for (String[] s : standard) {
      if (!replaced.contains(s[0])) {
        base.addAll(List.of(s));
      }
    }
    base.addAll(replaced);
    base.addAll(List.of("--max-steps", "1", "--max-completion-length", "2"));
    return CliRun.of(base.toArray(String[]::new));
  }
}
