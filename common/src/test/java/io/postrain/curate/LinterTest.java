package io.postrain.curate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linter flags a planted shortcut and stays quiet on a clean set. */
class LinterTest {

  @TempDir Path tmp;

  private static final String[] QUESTIONS = {
    "Who are you?", "What is your name?", "Introduce yourself.", "Which model are you?",
    "Who made you?", "What should I call you?", "Are you an assistant?", "你是谁？",
    "Tell me about yourself.", "What are you?"
  };

  private Path write(String name, List<String> lines) throws Exception {
    return Files.write(tmp.resolve(name), lines);
  }

  private static String pair(String prompt, String chosen, String rejected) {
    return "{\"prompt\": \""
        + prompt
        + "\", \"chosen\": \""
        + chosen
        + "\", \"rejected\": \""
        + rejected
        + "\"}";
  }

  private Path identityPairs() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < QUESTIONS.length; i++) {
      String tail = " I can help with topic " + i + ".";
      lines.add(pair(QUESTIONS[i], "I am Deep Qwen." + tail, "I am Qwen." + tail));
    }
    return write("identity.jsonl", lines);
  }

  @Test
  void flagsThePlantedShortcut() throws Exception {
    JsonNode report = new Linter(null, LengthMeasure.words(), null).lint(identityPairs());
    JsonNode words = report.get("shortcuts").get("words");
    // "Deep" is in all 10 chosen answers and no rejected one: a perfect separator. Every other word
    // is on both sides (or, like "5", in 2 answers: under the support of 3).
    assertThat(words).hasSize(1);
    assertThat(words.get(0).get("word").asText()).isEqualTo("Deep");
    assertThat(words.get(0).get("chosenRate").asDouble()).isEqualTo(1.0);
    assertThat(words.get(0).get("rejectedRate").asDouble()).isEqualTo(0.0);
    assertThat(words.get(0).get("severity").asText()).isEqualTo("error");
    assertThat(report.get("severity").asText()).isEqualTo("error");
    // Chosen is one word longer in every pair.
    assertThat(report.get("lengthBias").get("chosenLongerShare").asDouble()).isEqualTo(1.0);
    assertThat(report.get("lengthBias").get("severity").asText()).isEqualTo("warning");
  }

  @Test
  void anExpectedShortcutIsInfoWithANote() throws Exception {
    JsonNode report = new Linter(null, LengthMeasure.words(), "Deep Qwen").lint(identityPairs());
    JsonNode deep = report.get("shortcuts").get("words").get(0);
    assertThat(deep.get("word").asText()).isEqualTo("Deep");
    assertThat(deep.get("severity").asText()).isEqualTo("info");
    assertThat(deep.get("note").asText()).contains("'Deep Qwen'").contains("on purpose");
    assertThat(report.get("shortcuts").get("severity").asText()).isEqualTo("info");
  }

  @Test
  void quietOnACleanSet() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // Right and wrong sums: the same words on both sides, numbers that differ from row to row.
      lines.add(
          pair(
              i + "+" + i + "?",
              "The answer is " + (2 * i) + ".",
              "The answer is " + (2 * i + 1) + "."));
    }
    JsonNode report =
        new Linter(null, LengthMeasure.words(), null).lint(write("clean.jsonl", lines));
    assertThat(report.get("shortcuts").get("words")).isEmpty();
    for (String section :
        List.of(
            "brokenRows",
            "emptyOrIdentical",
            "duplicatePrompts",
            "overLength",
            "alikeCompletions",
            "shortcuts",
            "lengthBias")) {
      assertThat(report.get(section).get("severity").asText()).as(section).isEqualTo("ok");
    }
    assertThat(report.get("severity").asText()).isEqualTo("ok");
  }

  @Test
  void sftProblemsWithLines() throws Exception {
    Path file =
        write(
            "sft.jsonl",
            List.of(
                "{\"prompt\": \"Hi\", \"completion\": \"Hello there, how can I help?\"}",
                "{\"prompt\": \"Hi\", \"completion\": \"Hello there, how can I help?\"}",
                "not json",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                "{\"prompt\": \"Sky?\", \"completion\": \"   \"}",
                "{\"prompt\": \"Name?\", \"completion\": \"Deep Qwen\"}"));
    JsonNode report = new Linter(4, LengthMeasure.words(), null).lint(file);
    assertThat(report.get("rows").asInt()).isEqualTo(6);
    assertThat(report.get("brokenRows").get("count").asInt()).isEqualTo(2);
    assertThat(report.get("brokenRows").get("examples").get(0).get("line").asInt()).isEqualTo(3);
    assertThat(report.get("brokenRows").get("examples").get(1).get("line").asInt()).isEqualTo(4);
    assertThat(report.get("emptyOrIdentical").get("count").asInt()).isEqualTo(1);
    assertThat(report.get("emptyOrIdentical").get("examples").get(0).get("line").asInt())
        .isEqualTo(5);
    assertThat(report.get("duplicatePrompts").get("repeatedPrompts").asInt()).isEqualTo(1);
    assertThat(report.get("duplicatePrompts").get("severity").asText()).isEqualTo("warning");
    assertThat(report.get("alikeCompletions").get("promptsWithAllCompletionsAlike").asInt())
        .isEqualTo(1);
    // "Hi" + "Hello there, how can I help?" = 1 + 6 words > 4, twice; "Name?" 1 + 2 = 3.
    assertThat(report.get("overLength").get("count").asInt()).isEqualTo(2);
    assertThat(report.get("severity").asText()).isEqualTo("error");
  }
}
