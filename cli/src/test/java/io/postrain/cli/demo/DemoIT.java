package io.postrain.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.scenario.ScenarioNames;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's pipeline, small: the shipped base model, 4 identity prompts through the curation
 * service, one DPO step on the trainer service, the new version served by the inference service, 3
 * + 3 held-out questions before and after over HTTP, report.json written.
 */
class DemoIT {

  @TempDir Path outDir;

  @Test
  void runsThePipelineThroughTheServices() throws Exception {
    Path home = Path.of(System.getProperty("postrain.home", "..")).toAbsolutePath().normalize();
    Path base = home.resolve(BuildBaseModelCommand.SHIPPED_DIR);
    // The base model is committed: a missing one is a broken checkout, not a reason to skip.
    assertThat(base.resolve("config.json"))
        .as("the shipped base model %s (rebuild: ./postrain build-base-model)", base)
        .isRegularFile();
    DemoSettings settings =
        new DemoSettings(
            ScenarioNames.DEFAULT,
            0,
            base,
            "qwen-tiny",
            "deep-qwen-it",
            outDir,
            DemoRecipe.demo(0, 1).toBuilder()
                .training(t -> t.maxSteps(1).gradientAccumulationSteps(2))
                .build(),
            4,
            3,
            Duration.ofMinutes(5),
            1);

    DemoRunner.Result result =
        new DemoRunner(settings, home, new PrintStream(System.err, true)).run();

    assertThat(result.report()).isRegularFile();
    JsonNode report = new ObjectMapper().readTree(Files.readString(result.report()));
    assertThat(report.path("run").path("outputModel").asText()).isEqualTo("deep-qwen-it");
    assertThat(report.path("run").path("outputVersion").asText()).isNotBlank().isNotEqualTo("null");
    assertThat(report.path("before").path("identity").path("total").asInt()).isEqualTo(3);
    assertThat(report.path("after").path("rows")).hasSize(6);
    assertThat(report.path("verdict").path("sentence").asText()).isNotBlank();
    assertThat(result.phases())
        .containsKeys("rehearsal set", "campaign", "training", "eval after", "total");
    assertThat(report.path("run").path("rehearsalDatasetId").asText()).isNotBlank();
    assertThat(outDir.resolve("run/store/deep-qwen-it")).isDirectory();
  }
}
