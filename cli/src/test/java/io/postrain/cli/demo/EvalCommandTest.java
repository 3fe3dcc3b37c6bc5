package io.postrain.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.cli.Main;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

  @TempDir Path dir;

  @Test
  void evaluatesALocalModelAndWritesTheReport() throws Exception {
    Path model =
        RandomCheckpoint.write(
            dir.resolve("model"), RandomCheckpoint.tinyConfig("qwen3"), 1, "float32");
    Path report = dir.resolve("out/report.json");
    int code =
        Main.commandLine()
            .execute(
                "eval",
                "--model",
                model.toString(),
                "--limit",
                "3",
                "--new-name",
                "Nova",
                "--out",
                report.toString());
    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(Files.readString(report));
    assertThat(json.path("names").path("newName").asText()).isEqualTo("Nova");
    assertThat(json.path("identity").path("total").asInt()).isEqualTo(3);
    assertThat(json.path("retention").path("total").asInt()).isEqualTo(3);
    assertThat(json.path("rows")).hasSize(6);
    // Random weights never name "Nova" among 3 questions.
    assertThat(json.path("identity").path("new").asInt()).isZero();
  }

  @Test
  void refusesBothALocalAndAServedModel() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute("eval", "--model", "m", "--url", "http://127.0.0.1:1", "--model-name", "x");
    assertThat(code).isEqualTo(Main.EXIT_ERROR);
    assertThat(err.toString()).contains("mutually exclusive");
  }
}
