package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void defaultsAreTransformersTrainingArguments() {
    TrainingConfig c = TrainingConfig.builder().build();
    assertThat(c.learningRate()).isEqualTo(5e-5);
    assertThat(c.numTrainEpochs()).isEqualTo(3.0);
    assertThat(c.perDeviceTrainBatchSize()).isEqualTo(8);
    assertThat(c.gradientAccumulationSteps()).isEqualTo(1);
    assertThat(c.gradientCheckpointing()).isFalse();
    assertThat(c.loggingSteps()).isEqualTo(500);
    assertThat(c.saveSteps()).isEqualTo(500);
    assertThat(c.maxLength()).isEqualTo(1024);
    assertThat(c.seed()).isEqualTo(42);
    assertThat(c.warmupRatio()).isEqualTo(0.0);
    assertThat(c.lrSchedulerType()).isEqualTo(LrSchedulerType.LINEAR);
    assertThat(c.weightDecay()).isEqualTo(0.0);
    assertThat(c.maxGradNorm()).isEqualTo(1.0);
    assertThat(c.adamBeta1()).isEqualTo(0.9);
    assertThat(c.adamBeta2()).isEqualTo(0.999);
    assertThat(c.adamEpsilon()).isEqualTo(1e-8);
    assertThat(c.maxSteps()).isEqualTo(-1);
  }

  @Test
  void gradientCheckpointingIsRefusedWithAReason() {
    assertThatThrownBy(() -> TrainingConfig.builder().gradientCheckpointing(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gradientCheckpointing=true is not supported")
        .hasMessageContaining("torch.utils.checkpoint");
  }

  @Test
  void validationMessagesNameFieldRangeAndValue() {
    assertThatThrownBy(() -> TrainingConfig.builder().learningRate(-1).build())
        .hasMessage("learningRate must be > 0 (got -1.0)");
    assertThatThrownBy(() -> TrainingConfig.builder().perDeviceTrainBatchSize(0).build())
        .hasMessage("perDeviceTrainBatchSize must be >= 1 (got 0)");
    assertThatThrownBy(() -> TrainingConfig.builder().gradientAccumulationSteps(0).build())
        .hasMessage("gradientAccumulationSteps must be >= 1 (got 0)");
    assertThatThrownBy(() -> TrainingConfig.builder().warmupRatio(1.5).build())
        .hasMessage("warmupRatio must be in [0.0, 1.0] (got 1.5)");
    assertThatThrownBy(() -> TrainingConfig.builder().adamBeta2(1.0).build())
        .hasMessage("adamBeta2 must be in [0.0, 1.0) (got 1.0)");
    assertThatThrownBy(() -> TrainingConfig.builder().maxSteps(0).build())
        .hasMessage("maxSteps must be -1 or >= 1 (got 0)");
    assertThatThrownBy(() -> TrainingConfig.builder().maxGradNorm(-0.5).build())
        .hasMessage("maxGradNorm must be >= 0 (got -0.5)");
    assertThatThrownBy(() -> TrainingConfig.builder().lrSchedulerType(null).build())
        .hasMessage("lrSchedulerType must be set (got null)");
    assertThatThrownBy(() -> LrSchedulerType.parse("polynomial"))
        .hasMessage(
            "lrSchedulerType must be one of linear, cosine, constant, constant_with_warmup (got"
                + " 'polynomial')");
  }

  @Test
  void totalStepsFollowTransformers() {
    TrainingConfig c =
        TrainingConfig.builder()
            .perDeviceTrainBatchSize(1)
            .gradientAccumulationSteps(8)
            .numTrainEpochs(1)
            .build();
    // 20 examples / batch 1 = 20 micro-batches; ceil(20 / 8) = 3 updates per epoch.
    assertThat(c.totalOptimizerSteps(20)).isEqualTo(3);
    assertThat(c.effectiveBatchSize()).isEqualTo(8);
    TrainingConfig twoAndAHalf = c.toBuilder().numTrainEpochs(2.5).build();
    assertThat(twoAndAHalf.totalOptimizerSteps(16)).isEqualTo(5); // 2 per epoch x 2.5
    assertThat(c.toBuilder().maxSteps(7).build().totalOptimizerSteps(20)).isEqualTo(7);
  }

  @Test
  void reportToAcceptsNoneOrTensorboardAndTheLoggingDirStaysInsideTheOutput() {
    TrainingConfig c = TrainingConfig.builder().build();
    assertThat(c.reportTo()).containsExactly("none");
    assertThat(c.loggingDir()).isEqualTo("runs");
    assertThat(c.reportsToTensorBoard()).isFalse();
    assertThat(c.toBuilder().reportTo(List.of("tensorboard")).build().reportsToTensorBoard())
        .isTrue();
    assertThatThrownBy(() -> c.toBuilder().reportTo(List.of("wandb")).build())
        .hasMessage(
            "reportTo has unknown value 'wandb' (accepted: none, or a list of tensorboard)");
    assertThatThrownBy(() -> c.toBuilder().reportTo(List.of("none", "tensorboard")).build())
        .hasMessageContaining("reportTo lists none with other values");
    assertThatThrownBy(() -> c.toBuilder().reportTo(List.of()).build())
        .hasMessageContaining("reportTo must not be empty");
    assertThatThrownBy(() -> c.toBuilder().reportTo(List.of("tensorboard", "tensorboard")).build())
        .hasMessageContaining("reportTo repeats a value");
    for (String bad : List.of("/tmp/runs", "../runs", "runs/../..", " ", ".")) {
      assertThatThrownBy(() -> c.toBuilder().loggingDir(bad).build())
          .as(bad)
          .hasMessageContaining("must be a relative directory inside the output directory");
    }
    assertThat(c.toBuilder().loggingDir("tb/sft-1").build().loggingDir()).isEqualTo("tb/sft-1");
  }
}
