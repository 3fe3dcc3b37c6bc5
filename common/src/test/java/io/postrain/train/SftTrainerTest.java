package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftTrainerTest {

  @TempDir Path tmp;

  @Test
  void learnsEightConversationsAndReproducesThemGreedily() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 1);
    SftConfig config =
        SftConfig.builder()
            .training(
                t ->
                    t.learningRate(1.5e-2)
                        .maxSteps(40)
                        .perDeviceTrainBatchSize(8)
                        .loggingSteps(10)
                        .saveSteps(1000)
                        .lrSchedulerType(LrSchedulerType.CONSTANT))
            .build();
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    long start = System.nanoTime();
    TrainingResult result =
        new SftTrainer(config, null)
            .train(model, TrainFixtures.conversations(), tmp.resolve("out"), false, recorder);
    System.err.printf("sft 40 steps: %.1f s%n", (System.nanoTime() - start) / 1e9);

    assertThat(result.globalStep()).isEqualTo(40);
    assertThat(recorder.logs).hasSize(4);
    double first = recorder.logs.get(0).metrics().get("loss");
    double last = recorder.logs.get(3).metrics().get("loss");
    assertThat(first).isGreaterThan(2.0);
    assertThat(last).isLessThan(0.3);
    assertThat(recorder.logs.get(3).metrics())
        .containsKeys(
            "loss", "grad_norm", "learning_rate", "epoch", "num_tokens", "mean_token_accuracy");
    assertThat(recorder.logs.get(3).metrics().get("mean_token_accuracy")).isGreaterThan(0.9);
    TrainFixtures.assertEveryParameterChanged(
        TrainFixtures.weights(model), TrainFixtures.weights(tmp.resolve("out")));
    List<String> prompts = Arrays.stream(TrainFixtures.QA).map(qa -> qa[0]).toList();
    List<String> answers = TrainFixtures.greedyAnswers(tmp.resolve("out"), prompts);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(answers.get(i)).as(prompts.get(i)).isEqualTo(TrainFixtures.QA[i][1]);
    }
  }
}
