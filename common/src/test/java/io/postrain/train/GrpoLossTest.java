package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * GRPO's advantages and loss against values worked out by hand in the comments. Two completions of
 * four positions each; the mask marks 2 and 3 completion tokens.
 */
class GrpoLossTest {

  private static final float[] MASK = {0, 1, 1, 0, 0, 1, 1, 1}; // (2, 4)
  private static final Shape BT = new Shape(2, 4);

  private static GrpoConfig config(GrpoLossType type, double beta, Double epsilonHigh) {
    return GrpoConfig.builder()
        .numGenerations(2)
        .maxCompletionLength(8)
        .lossType(type)
        .beta(beta)
        .epsilonHigh(epsilonHigh)
        .build();
  }

  @Test
  void advantagesAreGroupCentredAndScaledByTheUnbiasedStd() {
    double[] rewards = {1, 0, 0, 1, 2, 2, 2, 2};
    GrpoAdvantages.Result group = GrpoAdvantages.compute(rewards, 4, GrpoScaleRewards.GROUP);
    // group 0: mean 0.5, unbiased std sqrt(4 * 0.25 / 3) = 0.577350; group 1: std 0 -> A = 0
    double a = 0.5 / (Math.sqrt(1.0 / 3) + 1e-4);
    assertThat(group.advantages())
        .containsExactly(new double[] {a, -a, -a, a, 0, 0, 0, 0}, within(1e-12));
    assertThat(group.groupStd())
        .containsExactly(new double[] {0.5773502691896257, 0}, within(1e-12));
    // batch: mean 1.25; deviations -0.25 (x2), -1.25 (x2), 0.75 (x4): squares 0.125 + 3.125 + 2.25
    // = 5.5, unbiased variance 5.5 / 7
    double batchStd = Math.sqrt(5.5 / 7);
    GrpoAdvantages.Result batch = GrpoAdvantages.compute(rewards, 4, GrpoScaleRewards.BATCH);
    assertThat(batch.advantages()[0]).isCloseTo(0.5 / (batchStd + 1e-4), within(1e-12));
    assertThat(batch.advantages()[4]).isEqualTo(0.0);
    GrpoAdvantages.Result none = GrpoAdvantages.compute(rewards, 4, GrpoScaleRewards.NONE);
    assertThat(none.advantages()).containsExactly(0.5, -0.5, -0.5, 0.5, 0, 0, 0, 0);
  }

  /** Ratio 1 (old = current), A = (1, -2): per-token losses -1 on row 0, +2 on row 1. */
  @Test
  void eachLossTypeNormalisesAsTrlDoes() {
    double[][] cases = {
      // type ordinal, accumulation, stepTokens, expected
      {GrpoLossType.GRPO.ordinal(), 1, 5, 0.5}, // row means -1 and 2, their mean
      {GrpoLossType.GRPO.ordinal(), 2, 10, 0.25}, // / accumulation
      {GrpoLossType.BNPO.ordinal(), 1, 5, 0.8}, // sum 4 over 5 tokens
      {GrpoLossType.BNPO.ordinal(), 2, 10, 0.4},
      {GrpoLossType.DR_GRPO.ordinal(), 1, 5, 0.25}, // 4 / (2 completions x 8)
      {GrpoLossType.DR_GRPO.ordinal(), 2, 10, 0.125},
      {GrpoLossType.DAPO.ordinal(), 2, 10, 0.4}, // 4 over the step's 10 tokens
      {GrpoLossType.DAPO.ordinal(), 1, 5, 0.8},
    };
    for (double[] c : cases) {
      GrpoLossType type = GrpoLossType.values()[(int) c[0]];
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray logps = m.create(new float[] {0, -1, -2, 0, 0, -0.5f, -1, -3}, BT);
        GrpoLoss.Result r =
            GrpoLoss.compute(
                config(type, 0, null),
                logps,
                null,
                null,
                m.create(new float[] {1, -2}),
                m.create(MASK, BT),
                (int) c[1],
                (long) c[2]);
        assertThat(r.loss().getFloat())
            .as(type + " " + c[1])
            .isCloseTo((float) c[3], within(1e-6f));
        assertThat(r.tokens()).isEqualTo(5.0);
        assertThat(r.metrics()).doesNotContainKey("kl");
      }
    }
  }

  /**
   * Row 0 (A = +1) has ratios 1.5 and 1.25, row 1 (A = -1) ratios 0.5, 1.5, 1.0. With epsilon 0.2
   * and epsilonHigh 0.28: 1.5 is clipped to 1.28 for A > 0 (no gradient), 1.25 is inside; for A <
   * 0, 0.5 is clipped to 0.8 (no gradient), while 1.5 is not clipped (min picks 1.5 x -1).
   */
  @Test
  void clippingHoldsAtBothBoundsAndStopsTheGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] old = {0, -1, -1, 0, 0, -1, -1, -1};
      float[] ratio = {1, 1.5f, 1.25f, 1, 1, 0.5f, 1.5f, 1};
      float[] cur = new float[8];
      for (int i = 0; i < 8; i++) {
        cur[i] = (float) (old[i] + Math.log(ratio[i]));
      }
      NDArray logps = m.create(cur, BT);
      logps.setRequiresGradient(true);
      GrpoLoss.Result r;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        r =
            GrpoLoss.compute(
                config(GrpoLossType.BNPO, 0, 0.28),
                logps,
                m.create(old, BT),
                null,
                m.create(new float[] {1, -1}),
                m.create(MASK, BT),
                1,
                5);
        gc.backward(r.loss());
      }
      // token losses: -1.28, -1.25 | +0.8, +1.5, +1.0 -> sum 0.77 over 5 tokens
      assertThat(r.loss().getFloat()).isCloseTo(0.77f / 5, within(1e-6f));
      float[] grad = logps.getGradient().toFloatArray();
      // d/dlogp of -ratio*A/5 = -A*ratio/5 where unclipped, 0 where clipped or masked
      float[] expected = {0, 0, -1.25f / 5, 0, 0, 0, 1.5f / 5, 1f / 5};
      for (int i = 0; i < 8; i++) {
        assertThat(grad[i]).as("position " + i).isCloseTo(expected[i], within(1e-6f));
      }
      assertThat(r.metrics().get("clip_ratio/high_mean")).isCloseTo(0.2, within(1e-12));
      assertThat(r.metrics().get("clip_ratio/low_mean")).isCloseTo(0.2, within(1e-12));
      assertThat(r.metrics().get("clip_ratio/region_mean")).isCloseTo(0.4, within(1e-12));
    }
  }

  /** With ref - logp = ln 2 on every token, k3 = 2 - ln 2 - 1 = 0.306853 per token. */
  @Test
  void betaAddsExactlyTheK3KlTerm() {
    for (GrpoLossType type : GrpoLossType.values()) {
      try (NDManager m = NDManager.newBaseManager()) {
        float[] cur = {0, -1, -2, 0, 0, -0.5f, -1, -3};
        float[] ref = new float[8];
        for (int i = 0; i < 8; i++) {
          ref[i] = (float) (cur[i] + Math.log(2));
        }
        float base = loss(m, config(type, 0, null), cur, null);
        GrpoLoss.Result withKl = result(m, config(type, 0.1, null), cur, ref);
        double k3 = 2 - Math.log(2) - 1;
        // the KL normalises like the policy term: with one value per token, each type's
        // normaliser of 5 tokens / 2 completions gives k3 x (5 / its divisor)
        double normalised =
            switch (type) {
              case GRPO, BNPO, DAPO -> k3; // token means (dapo: the step's 5 tokens)
              case DR_GRPO -> k3 * 5 / 16; // 5 tokens / (2 x 8)
            };
        assertThat(withKl.loss().getFloat() - base)
            .as(type.toString())
            .isCloseTo((float) (0.1 * normalised), within(1e-6f));
        assertThat(withKl.metrics().get("kl")).isCloseTo(k3, within(1e-6));
      }
    }
  }

  @Test
  void aGroupWithIdenticalRewardsContributesNoGradient() {
    double[] advantages =
        GrpoAdvantages.compute(new double[] {0.7, 0.7}, 2, GrpoScaleRewards.GROUP).advantages();
    assertThat(advantages).containsExactly(0.0, 0.0);
    for (GrpoLossType type : GrpoLossType.values()) {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray logps = m.create(new float[] {0, -1, -2, 0, 0, -0.5f, -1, -3}, BT);
        logps.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          GrpoLoss.Result r =
              GrpoLoss.compute(
                  config(type, 0, null),
                  logps,
                  m.create(new float[] {0, -0.9f, -2.1f, 0, 0, -0.4f, -1, -3}, BT),
                  null,
                  m.create(new float[] {(float) advantages[0], (float) advantages[1]}),
                  m.create(MASK, BT),
                  1,
                  5);
          gc.backward(r.loss());
          assertThat(r.loss().getFloat()).isEqualTo(0f);
        }
        assertThat(logps.getGradient().abs().max().getFloat()).as(type.toString()).isEqualTo(0f);
      }
    }
  }

  private static float loss(NDManager m, GrpoConfig config, float[] cur, float[] ref) {
    return result(m, config, cur, ref).loss().getFloat();
  }

  private static GrpoLoss.Result result(NDManager m, GrpoConfig config, float[] cur, float[] ref) {
    return GrpoLoss.compute(
        config,
        m.create(cur, BT),
        null,
        ref == null ? null : m.create(ref, BT),
        m.create(new float[] {1, -2}),
        m.create(MASK, BT),
        1,
        5);
  }
}
