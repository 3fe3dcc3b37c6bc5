package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.cli.Main;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandsTest {

  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path model() {
    return RandomCheckpoint.write(
        tmp.resolve("base"),
        ModelConfigBuilder.tiny("qwen3").hiddenSize(32).numHiddenLayers(1).build(),
        7,
        "float32");
  }

  @Test
  void sftWithLoraAndMergePrintsAJsonSummary() throws Exception {
    Path model = model();
    Path data = tmp.resolve("sft.jsonl");
    Files.write(
        data,
        List.of(
            "{\"prompt\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"completion\":"
                + " [{\"role\": \"assistant\", \"content\": \"Hello\"}]}",
            "{\"prompt\": [{\"role\": \"user\", \"content\": \"2+2\"}], \"completion\":"
                + " [{\"role\": \"assistant\", \"content\": \"4\"}]}"));
    Path out = tmp.resolve("out");
    Run r =
        run(
            "sft",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--output",
            out.toString(),
            "--max-steps",
            "2",
            "--per-device-train-batch-size",
            "2",
            "--learning-rate=1e-3",
            "--lora-r",
            "4",
            "--lora-alpha",
            "8",
            "--merge");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(r.out().strip());
    assertThat(summary.get("global_step").asInt()).isEqualTo(2);
    assertThat(summary.get("lora").asBoolean()).isTrue();
    assertThat(summary.get("metrics").has("loss")).isTrue();
    assertThat(out.resolve("adapter_model.safetensors")).exists();
    assertThat(out.resolve("merged/model.safetensors")).exists();
    assertThat(out.resolve("merged/tokenizer.json")).exists();
  }

  @Test
  void dpoFullFineTuningWritesAModel() throws Exception {
    Path model = model();
    Path data = tmp.resolve("dpo.jsonl");
    Files.write(
        data,
        List.of(
            "{\"prompt\": \"Who are you? \", \"chosen\": \"Deep Qwen\", \"rejected\": \"Qwen\"}"));
    Path out = tmp.resolve("out");
    Run r =
        run(
            "dpo",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--output",
            out.toString(),
            "--max-steps",
            "1",
            "--beta",
            "0.2");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(r.out().strip());
    assertThat(summary.get("metrics").get("loss").asDouble()).isEqualTo(Math.log(2), within());
    assertThat(out.resolve("model.safetensors")).exists();
    assertThat(out.resolve("config.json")).exists();
  }

  @Test
  void dpoWithTheRegulariserLogsItsNllAndNeedsItsData() throws Exception {
    Path model = model();
    Path data = tmp.resolve("dpo.jsonl");
    Files.write(
        data,
        List.of(
            "{\"prompt\": \"Who are you? \", \"chosen\": \"Deep Qwen\", \"rejected\": \"Qwen\"}"));
    Path skills = tmp.resolve("skills.jsonl");
    Files.write(skills, List.of("{\"prompt\": \"2+2=\", \"completion\": \"4\"}"));
    Path out = tmp.resolve("out");
    Run r =
        run(
            "dpo",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--output",
            out.toString(),
            "--max-steps",
            "1",
            "--regularization-weight",
            "1",
            "--regularization-data",
            skills.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode metrics = new ObjectMapper().readTree(r.out().strip()).get("metrics");
    // ln 2 from the DPO term at step 0 plus the rehearsed example's NLL (> 0).
    assertThat(metrics.get("regularization_nll").asDouble()).isPositive();
    assertThat(metrics.get("loss").asDouble())
        .isCloseTo(Math.log(2) + metrics.get("regularization_nll").asDouble(), within());

    Run missing =
        run(
            "dpo",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--output",
            tmp.resolve("out2").toString(),
            "--max-steps",
            "1",
            "--regularization-weight",
            "1");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err())
        .contains("regularizationWeight is 1.0 but no regularisation examples");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-5);
  }

  @Test
  void unknownFlagIsOneLineOnStderrWithExitCode2() {
    Run r = run("sft", "--model", "m", "--data", "d.jsonl", "--output", "o", "--learning-rat", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("unknown flag '--learning-rat'").doesNotContain("\n");
  }
}
