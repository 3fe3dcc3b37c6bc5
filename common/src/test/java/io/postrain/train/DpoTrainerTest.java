package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.data.PreferenceExample;
import io.postrain.lm.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpoTrainerTest {

  @TempDir Path tmp;

  private static DpoConfig config(int steps, double lr, boolean precompute) {
    return DpoConfig.builder()
        .beta(0.5)
        .precomputeRefLogProbs(precompute)
        .training(
            t ->
                t.learningRate(lr)
                    .maxSteps(steps)
                    .perDeviceTrainBatchSize(4)
                    .loggingSteps(1)
                    .saveSteps(1000)
                    .lrSchedulerType(LrSchedulerType.CONSTANT))
        .build();
  }

  @Test
  void firstStepWithReferenceEqualToPolicyHasLossLn2AndZeroRewards() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 3);
    List<PreferenceExample> pairs = TrainFixtures.pairs(4);
    Object[][] runs = {
      {config(1, 1e-3, false), null},
      {config(1, 1e-3, true), null},
      {config(1, 1e-3, false), LoraConfig.builder().r(4).build()},
    };
    for (Object[] run : runs) {
      TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
      new DpoTrainer((DpoConfig) run[0], (LoraConfig) run[1])
          .train(model, pairs, tmp.resolve("out"), false, recorder);
      Map<String, Double> m = recorder.logs.get(0).metrics();
      assertThat(m.get("loss")).isCloseTo(Math.log(2), within(1e-6));
      assertThat(m.get("rewards/chosen")).isCloseTo(0.0, within(1e-6));
      assertThat(m.get("rewards/rejected")).isCloseTo(0.0, within(1e-6));
      assertThat(m.get("rewards/margins")).isCloseTo(0.0, within(1e-6));
      assertThat(m.get("rewards/accuracies")).isEqualTo(0.0);
      assertThat(m.get("logps/chosen")).isLessThan(-1.0);
      assertThat(m)
          .containsKeys(
              "logps/rejected", "grad_norm", "learning_rate", "epoch", "rewards/accuracies");
    }
  }

  @Test
  void trainerLogProbsEqualADirectPerSequenceComputation() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 4);
    DpoConfig config = config(1, 1e-3, false);
    List<PreferenceExample> data = TrainFixtures.pairs(3);
    try (NDManager manager = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.load(model);
        TrainableModel policy = TrainableModel.load(model, null, null, 1, manager)) {
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      List<TokenizedPair> pairs =
          List.of(
              tokenization.dpo(data.get(0), config, 0),
              tokenization.dpo(data.get(2), config, 2)); // different lengths: padding
      try (DpoReference ref =
          DpoReference.create(config, policy, model, pairs, tokenizer.padTokenId(), manager)) {
        DpoTrainer.Objective objective =
            new DpoTrainer.Objective(config, policy, ref, tokenizer.padTokenId());
        Map<String, Double> m = objective.compute(pairs, manager).metrics();
        double chosen = 0;
        double rejected = 0;
        for (TokenizedPair p : pairs) {
          chosen += direct(policy, p.chosen(), manager) / 2;
          rejected += direct(policy, p.rejected(), manager) / 2;
        }
        assertThat(m.get("logps/chosen")).isCloseTo(chosen, within(1e-4));
        assertThat(m.get("logps/rejected")).isCloseTo(rejected, within(1e-4));
      }
    }
  }

  /** Sum of log p(token | prefix) over trained tokens, one unpadded sequence, in doubles. */
  private static double direct(TrainableModel policy, TokenizedSequence s, NDManager manager) {
    try (NDManager m = manager.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      NDArray ids = m.create(s.inputIds()).reshape(1, s.length());
      float[] logits = policy.decoder().forward(ids, null, null).toFloatArray(); // (1, T, V)
      int v = policy.config().vocabSize();
      double sum = 0;
      for (int t = 1; t < s.length(); t++) {
        if (!s.trained(t)) {
          continue;
        }
        int row = (t - 1) * v;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
          max = Math.max(max, logits[row + j]);
        }
        double z = 0;
        for (int j = 0; j < v; j++) {
          z += Math.exp(logits[row + j] - max);
        }
        sum += logits[row + (int) s.id(t)] - max - Math.log(z);
      }
      return sum;
    }
  }

  @Test
  void fewPairsMakeTheChosenSideWinAndRaiseTheMargin() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 5);
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    long start = System.nanoTime();
    new DpoTrainer(config(12, 5e-3, false), null)
        .train(model, TrainFixtures.pairs(4), tmp.resolve("out"), false, recorder);
    System.err.printf("dpo 12 steps: %.1f s%n", (System.nanoTime() - start) / 1e9);
    Map<String, Double> first = recorder.logs.get(0).metrics();
    Map<String, Double> last = recorder.logs.get(11).metrics();
    assertThat(last.get("rewards/accuracies")).isEqualTo(1.0);
    assertThat(last.get("rewards/margins")).isGreaterThan(first.get("rewards/margins") + 1.0);
    assertThat(last.get("loss")).isLessThan(0.2);
    assertThat(last.get("rewards/chosen")).isGreaterThan(last.get("rewards/rejected"));
  }
}
