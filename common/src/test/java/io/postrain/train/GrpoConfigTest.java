package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrpoConfigTest {

  @Test
  void defaultsAreTrls() {
    GrpoConfig c = GrpoConfig.builder().build();
    assertThat(c.numGenerations()).isEqualTo(8);
    assertThat(c.temperature()).isEqualTo(1.0);
    assertThat(c.topP()).isEqualTo(1.0);
    assertThat(c.topK()).isZero();
    assertThat(c.maxPromptLength()).isEqualTo(512);
    assertThat(c.maxCompletionLength()).isEqualTo(256);
    assertThat(c.scaleRewards()).isEqualTo(GrpoScaleRewards.GROUP);
    assertThat(c.epsilon()).isEqualTo(0.2);
    assertThat(c.epsilonHigh()).isNull();
    assertThat(c.upperEpsilon()).isEqualTo(0.2);
    assertThat(c.beta()).isEqualTo(0.0);
    assertThat(c.lossType()).isEqualTo(GrpoLossType.DAPO);
    assertThat(c.numIterations()).isEqualTo(1);
    assertThat(c.maskTruncatedCompletions()).isFalse();
    assertThat(c.training().learningRate()).isEqualTo(1e-6);
    assertThat(c.training().loggingSteps()).isEqualTo(10);
    assertThat(c.training().perDeviceTrainBatchSize()).isEqualTo(8);
    assertThat(c.promptsPerGeneration()).isEqualTo(1);
  }

  @Test
  void flagsAndJsonRoundTripEveryField() {
    GrpoConfig c =
        GrpoConfig.builder()
            .numGenerations(4)
            .temperature(0.7)
            .topP(0.9)
            .topK(20)
            .maxPromptLength(null)
            .maxCompletionLength(64)
            .scaleRewards(GrpoScaleRewards.NONE)
            .epsilon(0.1)
            .epsilonHigh(0.28)
            .beta(0.04)
            .lossType(GrpoLossType.DR_GRPO)
            .numIterations(2)
            .maskTruncatedCompletions(true)
            .refModelPath("/models/ref")
            .training(t -> t.learningRate(1e-5).maxSteps(200).gradientAccumulationSteps(2))
            .build();
    assertThat(ConfigFlags.grpo(ConfigFlags.toArgs(c))).isEqualTo(c);
    assertThat(ConfigFlags.toArgs(c)).hasSize(2 * ConfigFlags.grpoFlags().size());
    assertThat(GrpoConfig.fromJson(c.toJson())).isEqualTo(c);
    assertThat(GrpoConfig.fromJson("{\"lossType\": \"bnpo\"}").lossType())
        .isEqualTo(GrpoLossType.BNPO);
    GrpoConfig fromFlags =
        ConfigFlags.grpo(
            List.of(
                "--num-generations",
                "8",
                "--max-completion-length",
                "64",
                "--learning-rate",
                "1e-5",
                "--max-steps",
                "200",
                "--mask-truncated-completions"));
    assertThat(fromFlags.maxCompletionLength()).isEqualTo(64);
    assertThat(fromFlags.maskTruncatedCompletions()).isTrue();
    assertThat(fromFlags.training().maxSteps()).isEqualTo(200);
  }

  @Test
  void invalidValuesNameTheFieldAndTheRange() {
    assertThatThrownBy(() -> GrpoConfig.builder().numGenerations(3).build())
        .hasMessageContaining("(8 x 1 = 8 completions) must be a multiple of numGenerations (3)");
    assertThatThrownBy(() -> GrpoConfig.builder().beta(-0.1).build())
        .hasMessage("beta must be >= 0 (got -0.1)");
    assertThatThrownBy(() -> GrpoConfig.builder().epsilonHigh(0.0).build())
        .hasMessage("epsilonHigh must be > 0 (got 0.0)");
    assertThatThrownBy(() -> GrpoConfig.builder().topP(0).build())
        .hasMessage("topP must be in (0, 1] (got 0.0)");
    assertThatThrownBy(() -> GrpoConfig.builder().numIterations(0).build())
        .hasMessage("numIterations must be >= 1 (got 0)");
    assertThatThrownBy(() -> GrpoConfig.fromJson("{\"lossType\": \"ppo\"}"))
        .hasMessageContaining("lossType must be one of grpo, dapo, dr_grpo, bnpo (got 'ppo')");
  }
}
