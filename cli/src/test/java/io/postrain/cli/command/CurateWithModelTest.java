package io.postrain.cli.command;

import static io.postrain.cli.command.CurateCommandsTest.curate;
import static io.postrain.cli.command.CurateCommandsTest.ok;
import static io.postrain.cli.command.CurateCommandsTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code curate} sampling its candidates with the shipped tiny Qwen3 checkpoint: structure and
 * invariants (n candidates per prompt, each scored as recomputed here, the kept one the best by the
 * documented tie rule, the same seed giving the same candidates), not captured outputs.
 */
class CurateWithModelTest {

  static final Path MODEL = Path.of("..", "models", "qwen-tiny").toAbsolutePath().normalize();

  /** total = (number of 'e') - 0.5 * (number of 'a'). */
  static final String REWARD =
      "{\"rewards\": [{\"type\": \"regex\", \"name\": \"e\", \"pattern\": \"e\", \"score\":"
          + " \"count\"}, {\"type\": \"regex\", \"name\": \"a\", \"pattern\": \"a\", \"score\":"
          + " \"count\", \"weight\": -0.5}]}";

  @TempDir static Path tmp;
  static Path reward;
  static Path prompts;

  @BeforeAll
  static void files() throws Exception {
    assertThat(MODEL.resolve("config.json")).exists();
    reward = Files.writeString(tmp.resolve("reward.json"), REWARD);
    prompts =
        Files.write(
            tmp.resolve("prompts.jsonl"),
            List.of(
                "{\"prompt\": \"Who are you?\"}",
                "{\"prompt\": [{\"role\": \"user\", \"content\": \"What can you do?\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\":"
                    + " \"assistant\", \"content\": \"ignored: the model answers\"}]}"));
  }

  /** The reward, computed without the reward classes. */
  static double total(String text) {
    return text.chars().filter(c -> c == 'e').count()
        - 0.5 * text.chars().filter(c -> c == 'a').count();
  }

  private static String[] sampling(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--model",
                MODEL.toString(),
                "--n",
                "4",
                "--seed",
                "7",
                "--max-new-tokens",
                "24",
                "--reward",
                reward.toString(),
                "--json"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void rejectionKeepsTheBestOfNSampledCandidates() throws Exception {
    Path out = tmp.resolve("sft.jsonl");
    Path seen = tmp.resolve("seen.jsonl");
    JsonNode report =
        ok(
            curate(
                "rejection",
                prompts,
                out,
                sampling("--batch-size", "2", "--candidates", seen.toString())));
    assertThat(report.get("groups").asInt()).isEqualTo(3);
    assertThat(report.get("rewards").get("candidates").get("count").asInt()).isEqualTo(12);
    assertThat(report.get("settings").get("n").asInt()).isEqualTo(4);
    List<JsonNode> groups = rows(seen);
    assertThat(groups).hasSize(3);
    List<JsonNode> kept = rows(out);
    int k = 0;
    for (JsonNode g : groups) {
      JsonNode texts = g.get("completions");
      assertThat(texts).hasSize(4);
      int best = -1;
      for (int i = 0; i < 4; i++) {
        String text = texts.get(i).asText();
        assertThat(g.get("rewards").get(i).asDouble()).as(text).isEqualTo(total(text));
        if (!text.isBlank() && (best < 0 || total(text) > total(texts.get(best).asText()))) {
          best = i;
        }
      }
      if (best < 0) {
        assertThat(g.get("decision").asText()).isEqualTo("dropped: empty");
        continue;
      }
      assertThat(g.get("decision").asText()).isEqualTo("kept");
      JsonNode row = kept.get(k++);
      JsonNode completion = row.get("completion");
      String keptText =
          completion.isArray() ? completion.get(0).get("content").asText() : completion.asText();
      assertThat(keptText).isEqualTo(texts.get(best).asText());
    }
    assertThat(kept).hasSize(k).isNotEmpty();
    assertThat(report.get("kept").asInt()).isEqualTo(k);
    // The first prompt is a string: its row is too; the others are conversational.
    assertThat(groups.get(0).get("prompt").isTextual()).isTrue();
    assertThat(groups.get(2).get("prompt").get(0).get("content").asText()).isEqualTo("Hi");

    // The same seed, one prompt per generate call: the same candidates.
    Path again = tmp.resolve("seen-again.jsonl");
    ok(
        curate(
            "rejection",
            prompts,
            tmp.resolve("sft2.jsonl"),
            sampling("--candidates", again.toString())));
    assertThat(Files.readString(again)).isEqualTo(Files.readString(seen));
  }

  @Test
  void bestOfNPairsTheBestWithTheWorstSampled() throws Exception {
    Path out = tmp.resolve("dpo.jsonl");
    Path seen = tmp.resolve("seen-dpo.jsonl");
    JsonNode report =
        ok(curate("best-of-n", prompts, out, sampling("--candidates", seen.toString())));
    List<JsonNode> pairs = rows(out);
    int p = 0;
    for (JsonNode g : rows(seen)) {
      JsonNode texts = g.get("completions");
      int best = -1;
      int worst = -1;
      for (int i = 0; i < texts.size(); i++) {
        String text = texts.get(i).asText();
        if (text.isBlank()) {
          continue;
        }
        if (best < 0 || total(text) > total(texts.get(best).asText())) {
          best = i;
        }
        if (worst < 0 || total(text) <= total(texts.get(worst).asText())) {
          worst = i;
        }
      }
      if (best < 0
          || best == worst
          || total(texts.get(best).asText()) == total(texts.get(worst).asText())) {
        assertThat(g.get("decision").asText()).startsWith("dropped: ");
        continue;
      }
      JsonNode pair = pairs.get(p++);
      String chosen =
          pair.get("chosen").isArray()
              ? pair.get("chosen").get(0).get("content").asText()
              : pair.get("chosen").asText();
      String rejected =
          pair.get("rejected").isArray()
              ? pair.get("rejected").get(0).get("content").asText()
              : pair.get("rejected").asText();
      assertThat(chosen).isEqualTo(texts.get(best).asText());
      assertThat(rejected).isEqualTo(texts.get(worst).asText());
    }
    assertThat(pairs).hasSize(p).isNotEmpty();
    assertThat(report.get("kept").asInt()).isEqualTo(p);
    assertThat(report.get("groups").asInt()).isEqualTo(3);
  }

  @Test
  void distillDropsTruncatedAnswersUnlessKept() throws Exception {
    // 2 new tokens: every answer stops at the limit unless the model ends at once.
    String[] flags = {"--model", MODEL.toString(), "--max-new-tokens", "2", "--json"};
    JsonNode dropped = ok(curate("distill", prompts, tmp.resolve("d1.jsonl"), flags));
    assertThat(dropped.get("groups").asInt()).isEqualTo(3);
    JsonNode keep =
        ok(
            curate(
                "distill",
                prompts,
                tmp.resolve("d2.jsonl"),
                "--model",
                MODEL.toString(),
                "--max-new-tokens",
                "2",
                "--json",
                "--keep-truncated"));
    long truncated = dropped.path("dropReasons").path("truncated").path("count").asLong();
    long emptyKept = keep.path("dropReasons").path("empty").path("count").asLong();
    assertThat(keep.get("kept").asLong() + emptyKept).isEqualTo(3);
    assertThat(truncated).isPositive();
    assertThat(dropped.get("kept").asLong()).isEqualTo(3 - emptyKept - truncated);
    for (JsonNode row : rows(tmp.resolve("d2.jsonl"))) {
      assertThat(row.has("prompt") && row.has("completion")).isTrue();
    }
  }
}
