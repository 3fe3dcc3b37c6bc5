package io.postrain.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.cli.CliRun;
import io.postrain.cli.Main;
import org.junit.jupiter.api.Test;

/** The bench subcommands refuse bad settings before measuring anything. */
class BenchCommandsTest {

  private static void assertOneLineError(CliRun run, String expectedFragment) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(expectedFragment);
    assertThat(run.err().strip()).doesNotContain("\n");
  }

  @Test
  void trainNeedsAWarmUpStepAndAMeasuredOne() {
    assertOneLineError(CliRun.of("bench", "train", "--steps", "1"), "--steps >= 2");
    assertOneLineError(CliRun.of("bench", "train", "--seq-len", "1"), "--seq-len must be >= 2");
  }

  @Test
  void pipelineComparesABatchOfAtLeastTwoWithOne() {
    assertOneLineError(CliRun.of("bench", "pipeline", "--batch", "1"), "--batch >= 2");
    assertOneLineError(CliRun.of("bench", "pipeline", "--prompts", "0"), "--prompts");
  }

  @Test
  void benchListsItsFourSubcommands() {
    CliRun run = CliRun.of("bench");
    assertThat(run.out())
        .contains("generate")
        .contains("train")
        .contains("pipeline")
        .contains("filter");
  }
}
