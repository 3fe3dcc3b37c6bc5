package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.curate.RewardConfig;
import io.postrain.curate.RewardSet;
import io.postrain.data.PromptExample;
import io.postrain.lm.template.ChatMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpoTrainerTest {

  @TempDir Path tmp;

  static RewardSet rewards(String json) {
    try {
      return RewardConfig.parse(
          new ObjectMapper().readTree(json),
          name -> {
            throw new AssertionError("no judge in these tests");
          });
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The fixture's questions as prompts: half conversational, half plain text. */
  static List<PromptExample> prompts() {
    List<PromptExample> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < TrainFixtures.QA.length; i++) {
      String q = TrainFixtures.QA[i][0];
      var row = json.createObjectNode().put("prompt", q).put("answer", TrainFixtures.QA[i][1]);
      out.add(
          i % 2 == 0
              ? new PromptExample(List.of(ChatMessage.user(q)), null, row)
              : new PromptExample(null, q, row));
    }
    return out;
  }

  private static GrpoConfig.Builder base(int steps, double lr) {
    return GrpoConfig.builder()
        .numGenerations(4)
        .maxCompletionLength(8)
        .training(
            t ->
                t.learningRate(lr)
                    .maxSteps(steps)
                    .perDeviceTrainBatchSize(4)
                    .gradientAccumulationSteps(2)
                    .loggingSteps(1)
                    .saveSteps(1000)
                    .lrSchedulerType(LrSchedulerType.CONSTANT));
  }

  private static final String LETTERS =
      "{\"rewards\": [{\"type\": \"regex\", \"pattern\": \"[a-z]\", \"score\": \"fraction\"}]}";

  @Test
  void rewardRisesOnATinyRandomModelWithADenseReward() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 21);
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    new GrpoTrainer(base(40, 1e-2).build(), null)
        .train(model, prompts(), rewards(LETTERS), tmp.resolve("out"), false, recorder);
    double first = meanReward(recorder.logs.subList(0, 5));
    double last = meanReward(recorder.logs.subList(35, 40));
    assertThat(last).as("reward of the last 5 steps vs the first 5").isGreaterThan(first + 0.2);
  }

  @Test
  void logsTrlsMetricsWithTheValuesTheirDefinitionsFixAtTheFirstStep() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 22);
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    GrpoConfig config = base(2, 1e-3).beta(0.04).lossType(GrpoLossType.GRPO).build();
    new GrpoTrainer(config, null)
        .train(model, prompts(), rewards(LETTERS), tmp.resolve("out"), false, recorder);
    Map<String, Double> m = recorder.logs.get(0).metrics();
    assertThat(m)
        .containsKeys(
            "loss",
            "reward",
            "reward_std",
            "rewards/regex/mean",
            "rewards/regex/std",
            "frac_reward_zero_std",
            "kl",
            "clip_ratio/low_mean",
            "clip_ratio/high_mean",
            "clip_ratio/region_mean",
            "completions/mean_length",
            "completions/min_length",
            "completions/max_length",
            "completions/clipped_ratio",
            "completions/mean_terminated_length",
            "entropy",
            "generation_tokens_per_second",
            "train_tokens_per_second",
            "num_tokens",
            "grad_norm",
            "learning_rate");
    // first step: the policy is the reference and the sampler (ratio 1), so no KL and no clipping
    assertThat(m.get("kl")).isCloseTo(0.0, within(1e-6));
    assertThat(m.get("clip_ratio/region_mean")).isEqualTo(0.0);
    assertThat(m.get("reward")).isEqualTo(m.get("rewards/regex/mean"));
    assertThat(m.get("completions/max_length")).isLessThanOrEqualTo(8.0);
    assertThat(m.get("completions/min_length")).isGreaterThanOrEqualTo(1.0);
    // a random model over 272 tokens is close to uniform: entropy near ln(272) = 5.6
    assertThat(m.get("entropy")).isBetween(4.5, Math.log(272) + 1e-3);
    // loss at ratio 1 and KL 0 is -mean_i(A_i) / accumulation per micro-batch, and group-centred
    // advantages sum to 0 over each group of 4 = each micro-batch here
    assertThat(m.get("loss")).isCloseTo(0.0, within(1e-5));
  }

  @Test
  void aConstantRewardGivesZeroStdGroupsAndLeavesTheWeightsUnchanged() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 23);
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    Path out = tmp.resolve("out");
    String never = "{\"rewards\": [{\"type\": \"regex\", \"pattern\": \"x{50}\"}]}";
    new GrpoTrainer(base(2, 1e-2).build(), null)
        .train(model, prompts(), rewards(never), out, false, recorder);
    Map<String, Double> m = recorder.logs.get(1).metrics();
    assertThat(m.get("frac_reward_zero_std")).isEqualTo(1.0);
    assertThat(m.get("reward_std")).isEqualTo(0.0);
    assertThat(m.get("grad_norm")).isEqualTo(0.0);
    assertThat(
            TrainFixtures.maxDifference(TrainFixtures.weights(model), TrainFixtures.weights(out)))
        .isEqualTo(0.0);
  }

  @Test
  void maskedTruncatedCompletionsLeaveTheLossWhenNoneStops() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 26);
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    Path out = tmp.resolve("out");
    // 2 new tokens: a random model almost never stops that early
    GrpoConfig config = base(1, 1e-2).maxCompletionLength(2).maskTruncatedCompletions(true).build();
    new GrpoTrainer(config, null).train(model, prompts(), rewards(LETTERS), out, false, recorder);
    Map<String, Double> m = recorder.logs.get(0).metrics();
    assertThat(m.get("completions/clipped_ratio")).isEqualTo(1.0);
    assertThat(m.get("reward_std")).isGreaterThan(0.0);
    assertThat(m.get("grad_norm")).isEqualTo(0.0);
    assertThat(
            TrainFixtures.maxDifference(TrainFixtures.weights(model), TrainFixtures.weights(out)))
        .isEqualTo(0.0);
  }

  @Test
  void killedAndResumedRunsEndWithTheWeightsOfUninterruptedOnes() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 24);
    // numIterations 2 and a checkpoint after step 3: the resume lands in the middle of generation
    // batch 1 and must train on its saved completions; beta > 0 loads the frozen reference
    GrpoConfig config =
        base(6, 5e-3)
            .numIterations(2)
            .beta(0.1)
            .training(t -> t.saveSteps(3).lrSchedulerType(LrSchedulerType.LINEAR))
            .build();
    Path whole = tmp.resolve("whole");
    Path parts = tmp.resolve("parts");
    new GrpoTrainer(config, null)
        .train(model, prompts(), rewards(LETTERS), whole, false, TrainingListener.NONE);
    TrainFixtures.Recorder killer = new TrainFixtures.Recorder();
    killer.cancelAfterCheckpoint = 3;
    assertThatThrownBy(
            () ->
                new GrpoTrainer(config, null)
                    .train(model, prompts(), rewards(LETTERS), parts, false, killer))
        .isInstanceOf(TrainingCancelledException.class);
    assertThat(parts.resolve("checkpoint-3/" + GrpoRolloutFile.FILE)).exists();
    TrainFixtures.Recorder resumed = new TrainFixtures.Recorder();
    new GrpoTrainer(config, null).train(model, prompts(), rewards(LETTERS), parts, true, resumed);
    assertThat(resumed.logs).extracting(TrainingProgress::step).containsExactly(4, 5, 6);
    Map<String, float[]> a = TrainFixtures.weights(whole);
    assertThat(TrainFixtures.maxDifference(a, TrainFixtures.weights(model))).isGreaterThan(1e-4);
    assertThat(TrainFixtures.maxDifference(a, TrainFixtures.weights(parts))).isLessThan(1e-6);
  }

  @Test
  void loraRunResumesToTheSameAdapter() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 25);
    LoraConfig lora = LoraConfig.builder().r(4).alpha(8).dropout(0.0).build();
    GrpoConfig config = base(4, 1e-2).beta(0.05).training(t -> t.saveSteps(2)).build();
    Path whole = tmp.resolve("whole");
    Path parts = tmp.resolve("parts");
    new GrpoTrainer(config, lora)
        .train(model, prompts(), rewards(LETTERS), whole, false, TrainingListener.NONE);
    TrainFixtures.Recorder killer = new TrainFixtures.Recorder();
    killer.cancelAfterCheckpoint = 2;
    assertThatThrownBy(
            () ->
                new GrpoTrainer(config, lora)
                    .train(model, prompts(), rewards(LETTERS), parts, false, killer))
        .isInstanceOf(TrainingCancelledException.class);
    new GrpoTrainer(config, lora)
        .train(model, prompts(), rewards(LETTERS), parts, true, TrainingListener.NONE);
    Map<String, float[]> a = TrainFixtures.adapter(whole);
    Map<String, float[]> b = TrainFixtures.adapter(parts);
    assertThat(a).isNotEmpty().containsOnlyKeys(b.keySet());
    assertThat(TrainFixtures.maxDifference(a, b)).isLessThan(1e-6);
    String bName = "base_model.model.model.layers.0.mlp.up_proj.lora_B.weight";
    assertThat(a.get(bName)).isNotEqualTo(new float[a.get(bName).length]);
  }

  private static double meanReward(List<TrainingProgress> logs) {
    return logs.stream().mapToDouble(p -> p.metrics().get("reward")).average().orElseThrow();
  }
}
