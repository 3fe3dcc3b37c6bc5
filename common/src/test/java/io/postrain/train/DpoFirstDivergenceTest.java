package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.data.PreferenceExample;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log-prob of the first answer token where chosen and rejected differ (DPO diagnostics). */
class DpoFirstDivergenceTest {

  @TempDir Path tmp;

  private static final String[] NAMES = DpoTrainer.Objective.FIRST_DIVERGENT;

  /** Prompt tokens (untrained) then answer tokens (trained). */
  private static TokenizedSequence seq(long[] prompt, long[] answer, int index) {
    long[] ids = new long[prompt.length + answer.length];
    byte[] mask = new byte[ids.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i < prompt.length ? prompt[i] : answer[i - prompt.length];
      mask[i] = (byte) (i < prompt.length ? 0 : 1);
    }
    return new TokenizedSequence(ids, mask, index);
  }

  private static TokenizedPair pair(long[] prompt, long[] chosen, long[] rejected, int index) {
    return new TokenizedPair(seq(prompt, chosen, index), seq(prompt, rejected, index), index);
  }

  // answers differ at their third token: sequence position 3 + 2 = 5
  private static final TokenizedPair AT_THIRD =
      pair(new long[] {10, 20, 30}, new long[] {65, 66, 67, 2}, new long[] {65, 66, 90, 91, 2}, 0);
  // answers differ at their first token: sequence position 4
  private static final TokenizedPair AT_FIRST =
      pair(new long[] {10, 20, 30, 40}, new long[] {70, 2}, new long[] {71, 72, 2}, 1);
  // rejected continues where chosen stops (as after truncation): no divergent token
  private static final TokenizedPair PREFIX =
      pair(new long[] {10, 20, 30}, new long[] {65, 66}, new long[] {65, 66, 67}, 2);

  @Test
  void theFirstDifferingAnswerTokenIsFoundAfterThePrompt() {
    assertThat(AT_THIRD.firstDivergence()).containsExactly(5, 5);
    assertThat(AT_FIRST.firstDivergence()).containsExactly(4, 4);
    // the prompt tokens are equal and untrained; a different prompt token is not a divergence
    TokenizedPair promptsDiffer =
        new TokenizedPair(
            seq(new long[] {10, 20}, new long[] {65, 66}, 3),
            seq(new long[] {10, 21}, new long[] {65, 67}, 3),
            3);
    assertThat(promptsDiffer.firstDivergence()).containsExactly(3, 3);
  }

  @Test
  void anAnswerThatIsAPrefixOfTheOtherHasNoDivergentToken() {
    assertThat(PREFIX.firstDivergence()).isNull();
    TokenizedPair longerChosen =
        pair(new long[] {10}, new long[] {65, 66, 67}, new long[] {65, 66}, 4);
    assertThat(longerChosen.firstDivergence()).isNull();
    TokenizedPair identical = pair(new long[] {10}, new long[] {65, 2}, new long[] {65, 2}, 5);
    assertThat(identical.firstDivergence()).isNull();
  }

  @Test
  void withTheChatTemplateAnAnswerThatStartsTheOtherDiffersAtItsEndOfTurnToken() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 3);
    DpoConfig config = DpoConfig.builder().build();
    try (Tokenizer tokenizer = Tokenizer.load(model)) {
      PreferenceExample example =
          new PreferenceExample.Conversation(
              List.of(ChatMessage.user("Name?")),
              List.of(ChatMessage.assistant("Qwen")),
              List.of(ChatMessage.assistant("Qwen is")));
      TokenizedPair p = new ChatTokenization(tokenizer).dpo(example, config, 0);
      int[] at = p.firstDivergence();
      assertThat(at).isNotNull();
      long imEnd = tokenizer.tokenId("<|im_end|>").orElseThrow();
      assertThat(p.chosen().id(at[0])).isEqualTo(imEnd);
      assertThat(tokenizer.decode(new long[] {p.rejected().id(at[1])}, false)).isEqualTo(" ");
      assertThat(tokenizer.decode(subArray(p.chosen().inputIds(), at[0]), false))
          .endsWith("<|im_start|>assistant\nQwen");
    }
  }

  private static long[] subArray(long[] ids, int end) {
    long[] out = new long[end];
    System.arraycopy(ids, 0, out, 0, end);
    return out;
  }

  @Test
  void policyAndReferenceValuesEqualADirectLogSoftmaxAtThatToken() {
    Path policyDir = TrainFixtures.model(tmp.resolve("policy"), 4);
    Path refDir = TrainFixtures.model(tmp.resolve("ref"), 5);
    List<TokenizedPair> batch = List.of(AT_THIRD, AT_FIRST, PREFIX); // padded, one without
    for (boolean precompute : new boolean[] {false, true}) {
      DpoConfig config =
          DpoConfig.builder()
              .beta(0.5)
              .refModelPath(refDir.toString())
              .precomputeRefLogProbs(precompute)
              .build();
      try (NDManager manager = NDManager.newBaseManager();
          TrainableModel policy = TrainableModel.load(policyDir, null, null, 1, manager);
          TrainableModel ref = TrainableModel.load(refDir, null, null, 1, manager);
          DpoReference reference =
              DpoReference.create(config, policy, policyDir, batch, 0, manager)) {
        DpoTrainer.Objective objective =
            new DpoTrainer.Objective(config, policy, reference, 0, Map.of());
        Map<String, Double> m = objective.compute(batch, manager).metrics();
        TrainableModel[] models = {policy, policy, ref, ref};
        for (int k = 0; k < 4; k++) {
          boolean chosen = k % 2 == 0;
          double expected =
              (direct(models[k], chosen ? AT_THIRD.chosen() : AT_THIRD.rejected(), 5, manager)
                      + direct(
                          models[k], chosen ? AT_FIRST.chosen() : AT_FIRST.rejected(), 4, manager))
                  / 2;
          assertThat(m.get(NAMES[k]))
              .as(NAMES[k] + " precompute=" + precompute)
              .isCloseTo(expected, within(1e-4));
        }
        // the two models differ, so the reference values are not the policy's
        assertThat(Math.abs(m.get(NAMES[0]) - m.get(NAMES[2]))).isGreaterThan(1e-3);
      }
    }
  }

  @Test
  void theLoggedMeanIsOverThePairsThatHaveADivergentToken() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 4);
    DpoConfig config = DpoConfig.builder().build();
    List<TokenizedPair> batch = List.of(AT_THIRD, PREFIX);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableModel policy = TrainableModel.load(model, null, null, 1, manager);
        DpoReference reference = DpoReference.create(config, policy, model, batch, 0, manager)) {
      DpoTrainer.Objective objective =
          new DpoTrainer.Objective(config, policy, reference, 0, Map.of());
      MetricsWindow window = new MetricsWindow();
      try (NDManager step = manager.newSubManager()) {
        objective.loss(batch, 4, step, window); // one divergent pair of two
        objective.loss(List.of(AT_FIRST), 4, step, window); // one of one
        objective.loss(List.of(PREFIX), 4, step, window); // adds nothing to these means
      }
      Map<String, Double> m = window.drain();
      // each divergent pair counts once, whatever the size of its micro-batch
      double chosen =
          (direct(policy, AT_THIRD.chosen(), 5, manager)
                  + direct(policy, AT_FIRST.chosen(), 4, manager))
              / 2;
      double rejected =
          (direct(policy, AT_THIRD.rejected(), 5, manager)
                  + direct(policy, AT_FIRST.rejected(), 4, manager))
              / 2;
      assertThat(m.get(NAMES[0])).isCloseTo(chosen, within(1e-4));
      assertThat(m.get(NAMES[1])).isCloseTo(rejected, within(1e-4));
      assertThat(m.get(NAMES[2])).isCloseTo(chosen, within(1e-4)); // reference = initial policy
      assertThat(m.get(NAMES[3])).isCloseTo(rejected, within(1e-4));

      MetricsWindow none = new MetricsWindow();
      try (NDManager step = manager.newSubManager()) {
        objective.loss(List.of(PREFIX), 1, step, none);
      }
      assertThat(none.drain()).doesNotContainKeys(NAMES).containsKey("rewards/accuracies");
    }
  }

  @Test
  void theTrainerLogsThemEveryLoggingSteps() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 3);
    DpoConfig config =
        DpoConfig.builder()
            .training(
                t ->
                    t.learningRate(1e-3)
                        .maxSteps(4)
                        .perDeviceTrainBatchSize(4)
                        .loggingSteps(2)
                        .saveSteps(1000)
                        .lrSchedulerType(LrSchedulerType.CONSTANT))
            .build();
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    new DpoTrainer(config, null)
        .train(model, TrainFixtures.pairs(4), tmp.resolve("out"), false, recorder);
    assertThat(recorder.logs).hasSize(2);
    for (TrainingProgress log : recorder.logs) {
      assertThat(log.metrics()).containsKeys(NAMES);
      for (String name : NAMES) {
        assertThat(log.metrics().get(name)).as(name).isNegative().isGreaterThan(-50.0);
      }
    }
    // training on the pairs raises the chosen branch token against the frozen reference
    Map<String, Double> last = recorder.logs.get(1).metrics();
    assertThat(last.get(NAMES[0])).isGreaterThan(last.get(NAMES[2]));
  }

  /** log softmax(logits at position - 1)[id at position] of one unpadded forward, in doubles. */
  private static double direct(
      TrainableModel model, TokenizedSequence s, int position, NDManager manager) {
    try (NDManager m = manager.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      NDArray ids = m.create(s.inputIds()).reshape(1, s.length());
      float[] logits = model.decoder().forward(ids, null, null).toFloatArray(); // (1, T, V)
      int v = model.config().vocabSize();
      return TrainFixtures.logSoftmaxAt(logits, (position - 1) * v, v, s.id(position));
    }
  }
}
