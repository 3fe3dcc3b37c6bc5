package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MethodConfigTest {

  /** SFT seed recipe: lr 8e-5, 1 epoch, batch 1 x accumulation 8, no checkpointing, log every 2. */
  static SftConfig sftSeedRecipe() {
    return SftConfig.builder()
        .training(
            t ->
                t.learningRate(8e-5)
                    .numTrainEpochs(1)
                    .perDeviceTrainBatchSize(1)
                    .gradientAccumulationSteps(8)
                    .gradientCheckpointing(false)
                    .loggingSteps(2))
        .build();
  }

  /** DPO seed recipe: beta 0.2, batch 1 x accumulation 8, 1 epoch, lr 5e-5, log every 2. */
  static DpoConfig dpoSeedRecipe() {
    return DpoConfig.builder()
        .beta(0.2)
        .training(
            t ->
                t.perDeviceTrainBatchSize(1)
                    .gradientAccumulationSteps(8)
                    .numTrainEpochs(1)
                    .learningRate(5e-5)
                    .loggingSteps(2))
        .build();
  }

  @Test
  void seedRecipesAreExpressedExactly() {
    SftConfig sft = sftSeedRecipe();
    assertThat(sft.training().learningRate()).isEqualTo(8e-5);
    assertThat(sft.training().numTrainEpochs()).isEqualTo(1.0);
    assertThat(sft.training().perDeviceTrainBatchSize()).isEqualTo(1);
    assertThat(sft.training().gradientAccumulationSteps()).isEqualTo(8);
    assertThat(sft.training().gradientCheckpointing()).isFalse();
    assertThat(sft.training().loggingSteps()).isEqualTo(2);

    DpoConfig dpo = dpoSeedRecipe();
    assertThat(dpo.beta()).isEqualTo(0.2);
    assertThat(dpo.training().perDeviceTrainBatchSize()).isEqualTo(1);
    assertThat(dpo.training().gradientAccumulationSteps()).isEqualTo(8);
    assertThat(dpo.training().numTrainEpochs()).isEqualTo(1.0);
    assertThat(dpo.training().learningRate()).isEqualTo(5e-5);
    assertThat(dpo.training().loggingSteps()).isEqualTo(2);
    assertThat(dpo.lossType()).containsExactly(DpoLossType.SIGMOID);
  }

  @Test
  void seedRecipesFromFlags() {
    SftConfig sft =
        ConfigFlags.sft(
            List.of(
                "--learning-rate",
                "8e-5",
                "--num-train-epochs",
                "1",
                "--per-device-train-batch-size",
                "1",
                "--gradient-accumulation-steps",
                "8",
                "--gradient-checkpointing",
                "false",
                "--logging-steps",
                "2"));
    assertThat(sft).isEqualTo(sftSeedRecipe());
    DpoConfig dpo =
        ConfigFlags.dpo(
            List.of(
                "--beta=0.2",
                "--per-device-train-batch-size",
                "1",
                "--gradient-accumulation-steps",
                "8",
                "--num-train-epochs",
                "1",
                "--learning-rate",
                "5e-5",
                "--logging-steps",
                "2"));
    assertThat(dpo).isEqualTo(dpoSeedRecipe());
  }

  @Test
  void trlMethodDefaults() {
    SftConfig sft = SftConfig.builder().build();
    assertThat(sft.training().learningRate()).isEqualTo(2e-5);
    assertThat(sft.training().loggingSteps()).isEqualTo(10);
    assertThat(sft.completionOnlyLoss()).isTrue();
    assertThat(sft.assistantOnlyLoss()).isFalse();
    assertThat(sft.packing()).isFalse();

    DpoConfig dpo = DpoConfig.builder().build();
    assertThat(dpo.training().learningRate()).isEqualTo(1e-6);
    assertThat(dpo.training().loggingSteps()).isEqualTo(10);
    assertThat(dpo.beta()).isEqualTo(0.1);
    assertThat(dpo.lossType()).containsExactly(DpoLossType.SIGMOID);
    assertThat(dpo.lossWeights()).isNull();
    assertThat(dpo.lossWeight(0)).isEqualTo(1.0);
    assertThat(dpo.labelSmoothing()).isEqualTo(0.0);
    assertThat(dpo.precomputeRefLogProbs()).isFalse();
    assertThat(dpo.refModelPath()).isNull();
    assertThat(dpo.maxPromptLength()).isEqualTo(512);
    assertThat(dpo.maxCompletionLength()).isNull();
    assertThat(dpo.rpoAlpha()).isNull();

    LoraConfig lora = LoraConfig.builder().build();
    assertThat(lora.r()).isEqualTo(8);
    assertThat(lora.alpha()).isEqualTo(8.0);
    assertThat(lora.dropout()).isEqualTo(0.0);
    assertThat(lora.scaling()).isEqualTo(1.0);
    assertThat(lora.targetModules())
        .containsExactly(
            "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
  }

  @Test
  void dpoValidation() {
    assertThatThrownBy(() -> DpoConfig.builder().beta(-1).build())
        .hasMessage("beta must be > 0 (got -1.0)");
    assertThatThrownBy(
            () ->
                DpoConfig.builder()
                    .lossType(DpoLossType.SIGMOID, DpoLossType.SFT)
                    .lossWeights(List.of(1.0))
                    .build())
        .hasMessageStartingWith("lossWeights must have one weight per lossType entry (2");
    assertThatThrownBy(() -> DpoConfig.builder().lossType(List.of()).build())
        .hasMessageStartingWith("lossType must list at least one of sigmoid, ipo, hinge");
    assertThatThrownBy(
            () -> DpoConfig.builder().lossType(DpoLossType.HINGE, DpoLossType.HINGE).build())
        .hasMessageStartingWith("lossType must not repeat a type");
    assertThatThrownBy(() -> DpoConfig.builder().labelSmoothing(0.5).build())
        .hasMessage("labelSmoothing must be in [0.0, 0.5) (got 0.5)");
    assertThatThrownBy(
            () -> DpoConfig.builder().lossType(DpoLossType.IPO).labelSmoothing(0.1).build())
        .hasMessageStartingWith("labelSmoothing > 0 needs loss type sigmoid or robust");
    assertThatThrownBy(
            () -> DpoConfig.builder().training(t -> t.maxLength(256)).maxPromptLength(512).build())
        .hasMessage("maxPromptLength must be in [1, maxLength=256] (got 512)");
    assertThatThrownBy(() -> DpoConfig.builder().maxCompletionLength(0).build())
        .hasMessage("maxCompletionLength must be >= 1 (got 0)");
    assertThatThrownBy(() -> DpoConfig.builder().rpoAlpha(-1.0).build())
        .hasMessage("rpoAlpha must be >= 0 (got -1.0)");
    assertThatThrownBy(() -> DpoConfig.builder().regularizationWeight(-0.5).build())
        .hasMessage("regularizationWeight must be >= 0 (got -0.5)");
    assertThatThrownBy(
            () -> DpoConfig.builder().training(t -> t.gradientCheckpointing(true)).build())
        .hasMessageContaining("gradientCheckpointing=true is not supported");
  }

  @Test
  void sftAndLoraValidation() {
    assertThatThrownBy(() -> SftConfig.builder().packing(true).build())
        .hasMessageStartingWith("packing=true is not supported");
    assertThatThrownBy(() -> LoraConfig.builder().r(0).build())
        .hasMessage("r must be >= 1 (got 0)");
    assertThatThrownBy(() -> LoraConfig.builder().dropout(1.0).build())
        .hasMessage("dropout must be in [0.0, 1.0) (got 1.0)");
    assertThatThrownBy(
            () -> LoraConfig.builder().targetModules(List.of("q_proj", "lm_head")).build())
        .hasMessage(
            "targetModules must be a non-empty list without repeats of q_proj, k_proj, v_proj,"
                + " o_proj, gate_proj, up_proj, down_proj (got [q_proj, lm_head])");
  }

  @Test
  void flagParsingRoundTripsEveryField() {
    DpoConfig dpo =
        ConfigFlags.dpo(
            List.of(
                "--loss-type",
                "sigmoid,sft",
                "--loss-weights",
                "1,0.5",
                "--beta",
                "0.2",
                "--label-smoothing",
                "0.1",
                "--ref-model-path",
                "/store/base/1",
                "--max-completion-length",
                "128",
                "--rpo-alpha",
                "0.3",
                "--precompute-ref-log-probs",
                "--lr-scheduler-type",
                "cosine",
                "--warmup-ratio",
                "0.1",
                "--max-steps",
                "-1",
                "--seed",
                "7"));
    assertThat(dpo.lossType()).containsExactly(DpoLossType.SIGMOID, DpoLossType.SFT);
    assertThat(dpo.lossWeights()).containsExactly(1.0, 0.5);
    assertThat(dpo.precomputeRefLogProbs()).isTrue();
    assertThat(dpo.training().lrSchedulerType()).isEqualTo(LrSchedulerType.COSINE);
    assertThat(dpo.training().seed()).isEqualTo(7);
    assertThat(ConfigFlags.dpo(ConfigFlags.toArgs(dpo))).isEqualTo(dpo);
    assertThat(ConfigFlags.dpo(ConfigFlags.toArgs(DpoConfig.builder().build())))
        .isEqualTo(DpoConfig.builder().build());

    SftConfig sft = sftSeedRecipe().toBuilder().assistantOnlyLoss(true).build();
    assertThat(ConfigFlags.sft(ConfigFlags.toArgs(sft))).isEqualTo(sft);

    LoraConfig lora =
        ConfigFlags.lora(
            List.of(
                "--lora-r", "16", "--lora-alpha", "32", "--lora-target-modules", "q_proj,v_proj"));
    assertThat(lora).isEqualTo(new LoraConfig(16, 32, 0.0, List.of("q_proj", "v_proj")));
    assertThat(ConfigFlags.lora(ConfigFlags.toArgs(lora))).isEqualTo(lora);
    assertThat(ConfigFlags.toArgs(sft)).hasSize(2 * ConfigFlags.sftFlags().size());
    assertThat(ConfigFlags.toArgs(dpo)).hasSize(2 * ConfigFlags.dpoFlags().size());
  }

  @Test
  void flagErrorsNameTheFlag() {
    assertThatThrownBy(() -> ConfigFlags.sft(List.of("--beta", "0.2")))
        .hasMessageStartingWith("unknown flag '--beta': accepted are --learning-rate,")
        .hasMessageContaining("--packing");
    assertThatThrownBy(() -> ConfigFlags.dpo(List.of("--learning-rate", "fast")))
        .hasMessage("--learning-rate expects a number (got 'fast')");
    assertThatThrownBy(() -> ConfigFlags.dpo(List.of("--beta")))
        .hasMessage("flag --beta needs a value");
    assertThatThrownBy(() -> ConfigFlags.dpo(List.of("--beta", "1", "--beta", "2")))
        .hasMessage("flag --beta given more than once");
    assertThatThrownBy(() -> ConfigFlags.dpo(List.of("--loss-type", "kto")))
        .hasMessage(
            "--loss-type: lossType must be one of sigmoid, ipo, hinge, robust, sft (got 'kto')");
    assertThatThrownBy(() -> ConfigFlags.dpo(List.of("--beta", "0")))
        .hasMessage("--beta: beta must be > 0 (got 0.0)");
    assertThatThrownBy(() -> ConfigFlags.lora(List.of("--lora-r", "0")))
        .hasMessage("--lora-r: r must be >= 1 (got 0)");
    assertThatThrownBy(() -> ConfigFlags.sft(List.of("--gradient-checkpointing")))
        .hasMessageContaining("gradientCheckpointing=true is not supported");
  }

  @Test
  void jsonRoundTripAndDefaultsForAbsentFields() {
    DpoConfig dpo =
        dpoSeedRecipe().toBuilder()
            .lossType(DpoLossType.SIGMOID, DpoLossType.SFT)
            .lossWeights(List.of(1.0, 1.0))
            .refModelPath("/store/m/2")
            .build();
    String json = dpo.toJson();
    assertThat(json).contains("\"lossType\" : [ \"sigmoid\", \"sft\" ]");
    assertThat(json).contains("\"lrSchedulerType\" : \"linear\"");
    assertThat(DpoConfig.fromJson(json)).isEqualTo(dpo);

    SftConfig sft = sftSeedRecipe();
    assertThat(SftConfig.fromJson(sft.toJson())).isEqualTo(sft);
    LoraConfig lora = LoraConfig.builder().r(4).build();
    assertThat(LoraConfig.fromJson(lora.toJson())).isEqualTo(lora);

    DpoConfig partial =
        DpoConfig.fromJson("{\"beta\": 0.2, \"training\": {\"learningRate\": 5e-5}}");
    assertThat(partial)
        .isEqualTo(DpoConfig.builder().beta(0.2).training(t -> t.learningRate(5e-5)).build());
  }

  @Test
  void jsonErrors() {
    assertThatThrownBy(() -> DpoConfig.fromJson("{\"beta\": -1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta must be > 0 (got -1.0)");
    assertThatThrownBy(() -> DpoConfig.fromJson("{\"betta\": 1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("betta");
    assertThatThrownBy(
            () -> SftConfig.fromJson("{\"training\": {\"gradientCheckpointing\": true}}"))
        .hasMessageContaining("gradientCheckpointing=true is not supported");
  }
}
