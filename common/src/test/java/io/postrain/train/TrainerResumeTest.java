package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.checkpoint.CheckpointLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerResumeTest {

  @TempDir Path tmp;

  private static SftConfig sft(double lr) {
    return SftConfig.builder()
        .training(
            t ->
                t.learningRate(lr)
                    .maxSteps(6)
                    .perDeviceTrainBatchSize(2)
                    .gradientAccumulationSteps(1)
                    .warmupRatio(0.2)
                    .weightDecay(0.01)
                    .loggingSteps(1)
                    .saveSteps(2))
        .build();
  }

  @Test
  void killedAndResumedSftRunEndsWithTheWeightsOfAnUninterruptedOne() throws IOException {
    Path model = TrainFixtures.model(tmp.resolve("base"), 11);
    Path whole = tmp.resolve("whole");
    Path parts = tmp.resolve("parts");
    // 8 examples in batches of 2: 4 steps per epoch, so step 5 starts a newly shuffled epoch.
    new SftTrainer(sft(3e-3), null)
        .train(model, TrainFixtures.conversations(), whole, false, TrainingListener.NONE);
    TrainFixtures.Recorder killer = new TrainFixtures.Recorder();
    killer.cancelAfterCheckpoint = 4;
    assertThatThrownBy(
            () ->
                new SftTrainer(sft(3e-3), null)
                    .train(model, TrainFixtures.conversations(), parts, false, killer))
        .isInstanceOf(TrainingCancelledException.class)
        .hasMessageContaining("checkpoint-4");
    assertThat(checkpoints(parts)).containsExactly("checkpoint-2", "checkpoint-4");
    TrainFixtures.Recorder resumed = new TrainFixtures.Recorder();
    TrainingResult result =
        new SftTrainer(sft(3e-3), null)
            .train(model, TrainFixtures.conversations(), parts, true, resumed);

    assertThat(result.globalStep()).isEqualTo(6);
    assertThat(resumed.logs).extracting(TrainingProgress::step).containsExactly(5, 6);
    assertThat(checkpoints(whole)).containsExactly("checkpoint-4", "checkpoint-6");
    Map<String, float[]> a = TrainFixtures.weights(whole);
    Map<String, float[]> b = TrainFixtures.weights(parts);
    Map<String, float[]> base = TrainFixtures.weights(model);
    assertThat(TrainFixtures.maxDifference(a, base)).isGreaterThan(1e-3);
    assertThat(TrainFixtures.maxDifference(a, b)).isLessThan(1e-6);
    assertThat(Files.readAllLines(parts.resolve(ProgressLog.METRICS_FILE))).hasSize(6);
    assertThat(Files.readString(parts.resolve("checkpoint-6/trainer_state.json")))
        .contains("\"global_step\" : 6")
        .contains("log_history");
  }

  @Test
  void resumedLoraDpoRunWithDropoutEqualsAnUninterruptedOne() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 12);
    LoraConfig lora = LoraConfig.builder().r(4).alpha(8).dropout(0.2).build();
    DpoConfig config =
        DpoConfig.builder()
            .training(
                t ->
                    t.learningRate(1e-2)
                        .maxSteps(4)
                        .perDeviceTrainBatchSize(2)
                        .gradientAccumulationSteps(2)
                        .loggingSteps(1)
                        .saveSteps(2))
            .build();
    Path whole = tmp.resolve("whole");
    Path parts = tmp.resolve("parts");
    new DpoTrainer(config, lora)
        .train(model, TrainFixtures.pairs(6), whole, false, TrainingListener.NONE);
    TrainFixtures.Recorder killer = new TrainFixtures.Recorder();
    killer.cancelAfterCheckpoint = 2;
    assertThatThrownBy(
            () ->
                new DpoTrainer(config, lora)
                    .train(model, TrainFixtures.pairs(6), parts, false, killer))
        .isInstanceOf(TrainingCancelledException.class);
    new DpoTrainer(config, lora)
        .train(model, TrainFixtures.pairs(6), parts, true, TrainingListener.NONE);
    Map<String, float[]> a = TrainFixtures.adapter(whole);
    Map<String, float[]> b = TrainFixtures.adapter(parts);
    assertThat(a).containsOnlyKeys(b.keySet());
    assertThat(TrainFixtures.maxDifference(a, b)).isLessThan(1e-6);
    assertThat(a.get("base_model.model.model.layers.0.mlp.up_proj.lora_B.weight"))
        .isNotEqualTo(
            new float[a.get("base_model.model.model.layers.0.mlp.up_proj.lora_B.weight").length]);
  }

  @Test
  void nonFiniteLossStopsWithTheStepAndKeepsTheLastGoodCheckpoint() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 13);
    SftConfig config =
        SftConfig.builder()
            .training(
                t ->
                    t.learningRate(1e30)
                        .maxSteps(5)
                        .perDeviceTrainBatchSize(8)
                        .maxGradNorm(0)
                        .lrSchedulerType(LrSchedulerType.CONSTANT)
                        .saveSteps(1))
            .build();
    Path out = tmp.resolve("out");
    assertThatThrownBy(
            () ->
                new SftTrainer(config, null)
                    .train(model, TrainFixtures.conversations(), out, false, TrainingListener.NONE))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("training diverged at step 2")
        .hasMessageContaining("checkpoint-1");
    assertThat(checkpoints(out)).containsExactly("checkpoint-1");
    ModelConfig c = ModelConfig.read(out.resolve("checkpoint-1"));
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> w = CheckpointLoader.load(out.resolve("checkpoint-1"), c, manager);
      assertThat(w).containsKey("model.embed_tokens.weight");
    }
  }

  private static List<String> checkpoints(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("checkpoint-"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
