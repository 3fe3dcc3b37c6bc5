package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.cli.CliRun;
import io.postrain.events.Events;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The filter's options and run as {@code curate --strategy filter} will call them. */
class CurateFilterTest {

  @TempDir Path tmp;

  /** Stands in for the curate command: the mixin parsed from flags. */
  @Command(name = "curate")
  static final class Holder {
    @Mixin CurateFilter filter;
  }

  private static CurateFilter parse(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.filter;
  }

  private static final List<String> ROWS =
      List.of(
          "{\"prompt\":\"Hi\",\"completion\":\"Hello\"}",
          "{\"prompt\":\"What is two plus two?\",\"completion\":\"Two plus two is four.\"}",
          "{\"prompt\":\"what is two plus two?\",\"completion\":\"TWO plus two is four.\"}",
          "{\"prompt\":\"Who are you?\",\"completion\":\"As an AI language model, I cannot say.\"}");

  private String run(CurateFilter options, Path in, Path out, Path report, Path model) {
    StringWriter stdout = new StringWriter();
    int code =
        CurateFilter.run(
            options,
            in,
            out,
            report,
            model,
            0,
            false,
            new PrintWriter(stdout),
            new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    return stdout.toString();
  }

  @Test
  void filtersAFileAndWritesTheReport() throws Exception {
    Path in = Files.write(tmp.resolve("in.jsonl"), ROWS);
    Path out = tmp.resolve("out.jsonl");
    Path report = tmp.resolve("report.json");
    String printed = run(parse("--min-length", "3"), in, out, report, null);
    assertThat(Files.readAllLines(out)).containsExactly(ROWS.get(1));
    JsonNode json = Events.mapper().readTree(Files.readString(report));
    assertThat(json.get("rows").asInt()).isEqualTo(4);
    assertThat(json.get("kept").asInt()).isEqualTo(1);
    assertThat(json.get("lengthUnit").asText()).isEqualTo("words");
    JsonNode filters = json.get("filters");
    assertThat(filters.get("length").get("removed").asInt()).isEqualTo(1);
    assertThat(filters.get("exactDuplicates").get("examples").get(0).get("line").asInt())
        .isEqualTo(3);
    assertThat(filters.get("refusals").get("removed").asInt()).isEqualTo(1);
    assertThat(printed).contains("4 rows, kept 1, removed 3");
  }

  @Test
  void withAModelLengthsAreTokensOfTheChatTemplate() throws Exception {
    Path model = Path.of("../models/qwen-tiny");
    assertThat(model.resolve("tokenizer.json")).exists();
    Path in = Files.write(tmp.resolve("in.jsonl"), List.of(ROWS.get(0)));
    Path out = tmp.resolve("out.jsonl");
    Path report = tmp.resolve("report.json");
    // "Hi" / "Hello" is 2 words but, with <|im_start|>, role names and <|im_end|> around each
    // turn, well over 6 tokens: dropped by --min-length 6 in words, kept in tokens.
    run(parse("--min-length", "6"), in, out, report, null);
    assertThat(Files.readAllLines(out)).isEmpty();
    run(parse("--min-length", "6"), in, out, report, model);
    assertThat(Files.readAllLines(out)).containsExactly(ROWS.get(0));
    assertThat(Events.mapper().readTree(Files.readString(report)).get("lengthUnit").asText())
        .isEqualTo("tokens");
  }

  @Test
  void badFlagsNameTheFlag() throws Exception {
    Path in = Files.write(tmp.resolve("in.jsonl"), ROWS);
    Path out = tmp.resolve("out.jsonl");
    assertThatThrownBy(() -> run(parse("--max-repeated-line-fraction", "2"), in, out, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--max-repeated-line-fraction: must be in [0, 1], got 2.0");
    assertThatThrownBy(
            () -> run(parse("--min-length", "5", "--max-length", "2"), in, out, null, null))
        .hasMessageStartingWith("--max-length: must be >= 1 and >= minLength");
    assertThatThrownBy(
            () -> run(parse("--refusals", tmp.resolve("none.txt").toString()), in, out, null, null))
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> run(parse(), tmp.resolve("missing.jsonl"), out, null, null))
        .hasMessage("--input " + tmp.resolve("missing.jsonl") + ": no such file");
  }

  @Test
  void benchFilterMeasuresRecallAndFalsePositives() throws Exception {
    CliRun run = CliRun.of("bench", "filter", "--rows", "3000", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode r = Events.mapper().readTree(run.out());
    assertThat(r.get("rows").asInt()).isEqualTo(3000);
    assertThat(r.get("exactRecall").asDouble()).isGreaterThan(0.99);
    // Planted near duplicates change 1-3 words in 100: the S-curve expects most to be caught.
    double expected = r.get("nearRecallExpected").asDouble();
    assertThat(expected).isGreaterThan(0.5);
    assertThat(r.get("nearRecall").asDouble()).isBetween(expected - 0.1, expected + 0.1);
    assertThat(r.get("distinctFalsePositiveRate").asDouble()).isLessThan(0.01);
    assertThat(r.get("report").get("filters").get("refusals").get("removed").asInt()).isPositive();
  }
}
