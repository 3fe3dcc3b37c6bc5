package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.tokenizer.Tokenizer;
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
            new DpoTrainer.Objective(config, policy, ref, tokenizer.padTokenId(), Map.of());
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
        sum += TrainFixtures.logSoftmaxAt(logits, (t - 1) * v, v, s.id(t));
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
    TrainFixtures.assertEveryParameterChanged(
        TrainFixtures.weights(model), TrainFixtures.weights(tmp.resolve("out")));
  }

  @Test
  void theRegulariserAddsTheWeightedMeanTokenNllOfEachPairsExample() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 6);
    double weight = 0.7;
    DpoConfig plain = config(1, 1e-3, false);
    DpoConfig regularized = plain.toBuilder().regularizationWeight(weight).build();
    List<PreferenceExample> data = TrainFixtures.pairs(3);
    List<SftExample> skills = TrainFixtures.conversations();
    try (NDManager manager = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.load(model);
        TrainableModel policy = TrainableModel.load(model, null, null, 1, manager)) {
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      List<TokenizedPair> pairs =
          List.of(tokenization.dpo(data.get(0), plain, 0), tokenization.dpo(data.get(2), plain, 2));
      SftConfig asSft = SftConfig.builder().training(plain.training()).build();
      List<TokenizedSequence> rehearsed =
          List.of(
              tokenization.sft(skills.get(0), asSft, 0), tokenization.sft(skills.get(1), asSft, 1));
      Map<Integer, TokenizedSequence> pairing = DpoTrainer.pairing(pairs, rehearsed, 3);
      long stepUnits = 4; // the batch is half of a 4-pair step
      try (DpoReference ref =
          DpoReference.create(plain, policy, model, pairs, tokenizer.padTokenId(), manager)) {
        double without =
            new DpoTrainer.Objective(plain, policy, ref, tokenizer.padTokenId(), Map.of())
                .loss(pairs, stepUnits, manager, new MetricsWindow())
                .getFloat();
        MetricsWindow window = new MetricsWindow();
        double with =
            new DpoTrainer.Objective(regularized, policy, ref, tokenizer.padTokenId(), pairing)
                .loss(pairs, stepUnits, manager, window)
                .getFloat();
        double nllSum = 0;
        for (TokenizedPair p : pairs) {
          TokenizedSequence s = pairing.get(p.index());
          nllSum += -direct(policy, s, manager) / s.trainedTokens();
        }
        assertThat(with - without).isCloseTo(weight * nllSum / stepUnits, within(1e-4));
        assertThat(window.drain().get("regularization_nll")).isCloseTo(nllSum / 2, within(1e-4));
      }
    }
  }

  @Test
  void everyPairGetsAnExampleAndTheExamplesAreUsedEvenly() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 7);
    DpoConfig config = config(1, 1e-3, false);
    try (Tokenizer tokenizer = Tokenizer.load(model)) {
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      List<PreferenceExample> data = TrainFixtures.pairs(5);
      List<TokenizedPair> pairs = new java.util.ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        pairs.add(tokenization.dpo(data.get(i), config, i));
      }
      SftConfig asSft = SftConfig.builder().training(config.training()).build();
      List<SftExample> skills = TrainFixtures.conversations();
      List<TokenizedSequence> rehearsed =
          List.of(
              tokenization.sft(skills.get(0), asSft, 0), tokenization.sft(skills.get(1), asSft, 1));
      Map<Integer, TokenizedSequence> pairing = DpoTrainer.pairing(pairs, rehearsed, 11);
      assertThat(pairing).containsOnlyKeys(0, 1, 2, 3, 4);
      assertThat(pairing.values().stream().filter(rehearsed.get(0)::equals).count())
          .isBetween(2L, 3L);
      assertThat(pairing.values().stream().filter(rehearsed.get(1)::equals).count())
          .isBetween(2L, 3L);
      assertThat(DpoTrainer.pairing(pairs, rehearsed, 11)).isEqualTo(pairing);
      assertThat(DpoTrainer.pairing(pairs, List.of(), 11)).isEmpty();
    }
  }

  @Test
  void aPositiveWeightWithoutExamplesIsRefused() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 8);
    DpoConfig config = config(1, 1e-3, false).toBuilder().regularizationWeight(1.0).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new DpoTrainer(config, null)
                    .train(
                        model,
                        TrainFixtures.pairs(2),
                        List.of(),
                        tmp.resolve("out"),
                        false,
                        new TrainFixtures.Recorder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("regularizationWeight is 1.0 but no regularisation examples");
  }

  @Test
  void theRegulariserKeepsTheRehearsedAnswersLikelierThanTrainingWithoutIt() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 9);
    List<SftExample> skills = TrainFixtures.conversations().subList(0, 2);
    DpoConfig plain = config(8, 5e-3, true);
    DpoConfig regularized = plain.toBuilder().regularizationWeight(1.0).build();
    new DpoTrainer(plain, null)
        .train(
            model,
            TrainFixtures.pairs(4),
            skills,
            tmp.resolve("plain"),
            false,
            new TrainFixtures.Recorder());
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    new DpoTrainer(regularized, null)
        .train(model, TrainFixtures.pairs(4), skills, tmp.resolve("reg"), false, recorder);
    assertThat(recorder.logs.get(0).metrics()).containsKey("regularization_nll");
    assertThat(meanNll(tmp.resolve("reg"), skills, plain))
        .isLessThan(meanNll(tmp.resolve("plain"), skills, plain) - 0.1);
  }

  /** Mean over examples of the per-token NLL of their completions, in doubles. */
  private static double meanNll(Path dir, List<SftExample> examples, DpoConfig config) {
    try (NDManager manager = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.load(dir);
        TrainableModel policy = TrainableModel.load(dir, null, null, 1, manager)) {
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      SftConfig asSft = SftConfig.builder().training(config.training()).build();
      double sum = 0;
      for (int i = 0; i < examples.size(); i++) {
        TokenizedSequence s = tokenization.sft(examples.get(i), asSft, i);
        sum += -direct(policy, s, manager) / s.trainedTokens();
      }
      return sum / examples.size();
    }
  }
}
