package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two pairs: (pi_c, pi_r, ref_c, ref_r) = (-3, -5, -4, -4.5) and (-6, -4, -5, -5); beta 0.2. logits
 * = (pi_c - pi_r) - (ref_c - ref_r) = 2 - 0.5 = 1.5 and -2 - 0 = -2.
 */
class DpoLossTest {

  private static final double BETA = 0.2;
  private static final double[] PC = {-3.0, -6.0};
  private static final double[] PR = {-5.0, -4.0};
  private static final double[] RC = {-4.0, -5.0};
  private static final double[] RR = {-4.5, -5.0};
  private static final double NLL = 0.7;

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static double logSigmoid(double x) {
    return Math.log(1.0 / (1.0 + Math.exp(-x)));
  }

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  private static double logit(int i) {
    return (PC[i] - PR[i]) - (RC[i] - RR[i]);
  }

  private NDArray arr(double... v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return manager.create(f);
  }

  private DpoLossResult run(DpoConfig config) {
    return DpoLoss.compute(
        config, arr(PC), arr(PR), arr(RC), arr(RR), manager.full(new Shape(), (float) NLL));
  }

  private static DpoConfig config(DpoLossType... types) {
    return DpoConfig.builder().beta(BETA).lossType(types).build();
  }

  @Test
  void logitsAreTheHandValues() {
    assertThat(logit(0)).isEqualTo(1.5);
    assertThat(logit(1)).isEqualTo(-2.0);
  }

  @Test
  void sigmoidLoss() {
    double expected =
        (-logSigmoid(BETA * logit(0)) - logSigmoid(BETA * logit(1))) / 2; // mean over 2 pairs
    DpoLossResult r = run(config(DpoLossType.SIGMOID));
    assertThat((double) r.loss().getFloat()).isCloseTo(expected, within(1e-6));
    assertThat(r.metrics().get("loss")).isCloseTo(expected, within(1e-6));
  }

  @Test
  void sigmoidWithLabelSmoothing() {
    double ls = 0.1;
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      double z = BETA * logit(i);
      expected += (-logSigmoid(z) * (1 - ls) - logSigmoid(-z) * ls) / 2;
    }
    DpoConfig c = config(DpoLossType.SIGMOID).toBuilder().labelSmoothing(ls).build();
    assertThat((double) run(c).loss().getFloat()).isCloseTo(expected, within(1e-6));
  }

  @Test
  void robustLoss() {
    double ls = 0.1;
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      double z = BETA * logit(i);
      expected += ((-logSigmoid(z) * (1 - ls) + logSigmoid(-z) * ls) / (1 - 2 * ls)) / 2;
    }
    DpoConfig c = config(DpoLossType.ROBUST).toBuilder().labelSmoothing(ls).build();
    assertThat((double) run(c).loss().getFloat()).isCloseTo(expected, within(1e-6));
  }

  @Test
  void hingeLoss() {
    double expected = (Math.max(0, 1 - 0.2 * 1.5) + Math.max(0, 1 - 0.2 * -2.0)) / 2; // (0.7+1.4)/2
    assertThat(expected).isCloseTo(1.05, within(1e-12));
    assertThat((double) run(config(DpoLossType.HINGE)).loss().getFloat())
        .isCloseTo(expected, within(1e-6));
  }

  @Test
  void ipoLoss() {
    double target = 1 / (2 * BETA); // 2.5
    double expected = (Math.pow(1.5 - target, 2) + Math.pow(-2.0 - target, 2)) / 2; // (1+20.25)/2
    assertThat(expected).isCloseTo(10.625, within(1e-12));
    assertThat((double) run(config(DpoLossType.IPO)).loss().getFloat())
        .isCloseTo(expected, within(1e-5));
    assertThat(DpoLoss.needsLengthAveragedLogProbs(config(DpoLossType.IPO))).isTrue();
    assertThat(DpoLoss.needsLengthAveragedLogProbs(config(DpoLossType.SIGMOID))).isFalse();
  }

  @Test
  void sftLossIsTheChosenNll() {
    DpoLossResult r = run(config(DpoLossType.SFT));
    assertThat((double) r.loss().getFloat()).isCloseTo(NLL, within(1e-6));
    assertThat(r.metrics().get("nll_loss")).isCloseTo(NLL, within(1e-6));
  }

  @Test
  void weightedSumOfSeveralTypesPlusRpo() {
    double sigmoid = (-logSigmoid(BETA * logit(0)) - logSigmoid(BETA * logit(1))) / 2;
    double hinge = 1.05;
    DpoConfig c =
        DpoConfig.builder()
            .beta(BETA)
            .lossType(DpoLossType.SIGMOID, DpoLossType.SFT, DpoLossType.HINGE)
            .lossWeights(List.of(1.0, 0.5, 2.0))
            .rpoAlpha(0.3)
            .build();
    double expected = sigmoid + 0.5 * NLL + 2.0 * hinge + 0.3 * NLL;
    assertThat((double) run(c).loss().getFloat()).isCloseTo(expected, within(1e-5));
  }

  @Test
  void metricsUnderTrlNames() {
    Map<String, Double> m = run(config(DpoLossType.SIGMOID)).metrics();
    double[] chosen = {BETA * (PC[0] - RC[0]), BETA * (PC[1] - RC[1])}; // 0.2, -0.2
    double[] rejected = {BETA * (PR[0] - RR[0]), BETA * (PR[1] - RR[1])}; // -0.1, 0.2
    assertThat(m.get("rewards/chosen")).isCloseTo((chosen[0] + chosen[1]) / 2, within(1e-6));
    assertThat(m.get("rewards/rejected")).isCloseTo((rejected[0] + rejected[1]) / 2, within(1e-6));
    assertThat(m.get("rewards/accuracies")).isEqualTo(0.5); // pair 1 right, pair 2 wrong
    assertThat(m.get("rewards/margins"))
        .isCloseTo(((chosen[0] - rejected[0]) + (chosen[1] - rejected[1])) / 2, within(1e-6));
    assertThat(m.get("logps/chosen")).isCloseTo(-4.5, within(1e-6));
    assertThat(m.get("logps/rejected")).isCloseTo(-4.5, within(1e-6));
    assertThat(m)
        .containsOnlyKeys(
            "loss",
            "rewards/chosen",
            "rewards/rejected",
            "rewards/accuracies",
            "rewards/margins",
            "logps/chosen",
            "logps/rejected",
            "nll_loss");
  }

  @Test
  void policyEqualToReferenceGivesLn2AndZeroRewards() {
    DpoLossResult r =
        DpoLoss.compute(config(DpoLossType.SIGMOID), arr(PC), arr(PR), arr(PC), arr(PR), null);
    assertThat((double) r.loss().getFloat()).isCloseTo(Math.log(2), within(1e-6));
    assertThat(r.metrics().get("rewards/chosen")).isEqualTo(0.0);
    assertThat(r.metrics().get("rewards/rejected")).isEqualTo(0.0);
    assertThat(r.metrics().get("rewards/margins")).isEqualTo(0.0);
    assertThat(r.metrics().get("rewards/accuracies")).isEqualTo(0.0);
    assertThat(r.metrics()).doesNotContainKey("nll_loss");
  }

  @Test
  void sigmoidGradientMatchesTheAnalyticDerivative() {
    NDArray pc = arr(PC);
    NDArray pr = arr(PR);
    pc.setRequiresGradient(true);
    pr.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      DpoLossResult r =
          DpoLoss.compute(config(DpoLossType.SIGMOID), pc, pr, arr(RC), arr(RR), null);
      collector.backward(r.loss());
    }
    float[] gc = pc.getGradient().toFloatArray();
    float[] gr = pr.getGradient().toFloatArray();
    for (int i = 0; i < 2; i++) {
      // d/d pi_c of mean_i -logsigmoid(beta * logits_i) = -(1/B) * beta * sigmoid(-beta * logits)
      double dChosen = -0.5 * BETA * sigmoid(-BETA * logit(i));
      assertThat((double) gc[i]).isCloseTo(dChosen, within(1e-6));
      assertThat((double) gr[i]).isCloseTo(-dChosen, within(1e-6));
    }
  }

  @Test
  void ipoAndHingeGradients() {
    NDArray pc = arr(PC);
    pc.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      DpoConfig c =
          DpoConfig.builder().beta(BETA).lossType(DpoLossType.IPO, DpoLossType.HINGE).build();
      collector.backward(DpoLoss.compute(c, pc, arr(PR), arr(RC), arr(RR), null).loss());
    }
    float[] g = pc.getGradient().toFloatArray();
    for (int i = 0; i < 2; i++) {
      double ipo = 0.5 * 2 * (logit(i) - 1 / (2 * BETA));
      double hinge = 1 - BETA * logit(i) > 0 ? -0.5 * BETA : 0.0;
      assertThat((double) g[i]).isCloseTo(ipo + hinge, within(1e-5));
    }
  }

  @Test
  void inputErrors() {
    assertThatThrownBy(
            () ->
                DpoLoss.compute(config(DpoLossType.SFT), arr(PC), arr(PR), arr(RC), arr(RR), null))
        .hasMessageStartingWith("chosenNll must be given when lossType contains sft");
    assertThatThrownBy(
            () ->
                DpoLoss.compute(
                    config(DpoLossType.SIGMOID), arr(PC), arr(-1.0), arr(RC), arr(RR), null))
        .hasMessageStartingWith("policy and reference log-probs must all be (B)");
  }
}
