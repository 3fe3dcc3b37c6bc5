package io.postrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: exit code 2, nothing on stdout, exactly one line on stderr saying what was wrong. */
class CommandErrorsTest {

  @TempDir static Path tmp;
  static String model;

  @BeforeAll
  static void writeModel() {
    Path dir = tmp.resolve("tiny");
    RandomCheckpoint.write(dir, ModelConfigBuilder.tiny("qwen3").build(), 1, "float32");
    model = dir.toString();
  }

  private static void assertOneLineError(CliRun run, String expectedFragment) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).endsWith("\n").contains(expectedFragment);
    assertThat(run.err().strip()).doesNotContain("\n");
  }

  @Test
  void missingModelDirectory() {
    String missing = tmp.resolve("nope").toString();
    assertOneLineError(CliRun.of("tokenize", "--model", missing, "--text", "x"), "no such dir");
    assertOneLineError(CliRun.of("generate", "--model", missing, "--user", "x"), "no such dir");
    assertOneLineError(CliRun.of("logits", "--model", missing, "--ids", "1"), "no such dir");
    assertOneLineError(CliRun.of("chat", "--model", missing), "no such dir");
  }

  @Test
  void nonIntegerIds() {
    assertOneLineError(CliRun.of("logits", "--model", model, "--ids", "1,x,3"), "'x'");
    assertOneLineError(CliRun.of("logits", "--model", model, "--ids", "1,,3"), "not an integer");
  }

  @Test
  void idsOutsideTheVocabulary() {
    assertOneLineError(CliRun.of("logits", "--model", model, "--ids", "1,272"), "0..271");
    assertOneLineError(CliRun.of("logits", "--model", model, "--ids", "-1"), "0..271");
  }

  @Test
  void badFlags() {
    assertOneLineError(
        CliRun.of("tokenize", "--model", model, "--text", "x", "--txt", "y"), "--txt");
    assertOneLineError(CliRun.of("tokenize", "--model", model), "--text");
    assertOneLineError(
        CliRun.of("generate", "--model", model, "--user", "x", "--max-new-tokens", "many"), "many");
    assertOneLineError(
        CliRun.of("generate", "--model", model, "--user", "x", "--temperature", "-1"),
        "temperature");
    assertOneLineError(
        CliRun.of("generate", "--model", model, "--user", "x", "--top-p", "0"), "topP");
    assertOneLineError(
        CliRun.of("init-model", "--out", tmp.resolve("m").toString(), "--arch", "gpt2"),
        "qwen3, qwen2, llama");
    assertOneLineError(
        CliRun.of("init-model", "--out", tmp.resolve("m").toString(), "--dtype", "int8"),
        "float32, bfloat16");
  }

  @Test
  void badMessagesFile() throws Exception {
    Path notJson = tmp.resolve("bad.json");
    Files.writeString(notJson, "[{\"role\": ");
    assertOneLineError(
        CliRun.of("template", "--model", model, "--messages", notJson.toString()),
        "not valid JSON");
    Path number = tmp.resolve("number.json");
    Files.writeString(number, "42");
    assertOneLineError(
        CliRun.of("template", "--model", model, "--messages", number.toString()),
        "expected a JSON array");
    assertOneLineError(
        CliRun.of(
            "template",
            "--model",
            model,
            "--messages",
            number.toString(),
            "--enable-thinking",
            "maybe"),
        "maybe");
  }
}
