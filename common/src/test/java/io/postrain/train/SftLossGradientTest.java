package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gradient of the trainer's SFT loss (padded micro-batch, completion mask, step normaliser)
 * against central finite differences of the same loss evaluated without autograd. The decoder runs
 * in f32 only, so the differences use a wide step (h = 1e-2) and a tolerance of 2e-4 + 3% (the f32
 * rounding of the loss is ~1e-6, i.e. ~5e-5 after division by 2h); a wrong mask, shift or
 * normaliser moves gradients by far more.
 */
class SftLossGradientTest {

  @TempDir Path tmp;

  static final Object[][] ELEMENTS = {
    {"model.embed_tokens.weight", 258 * 32 + 3},
    {"model.embed_tokens.weight", 101 * 32 + 7},
    {"model.layers.0.self_attn.q_proj.weight", 5 * 32 + 3},
    {"model.layers.0.self_attn.v_proj.weight", 9 * 32 + 1},
    {"model.layers.0.mlp.down_proj.weight", 4 * 64 + 20},
    {"model.layers.0.post_attention_layernorm.weight", 6},
    {"model.norm.weight", 11},
  };

  @Test
  void sftLossGradientMatchesCentralFiniteDifferences() {
    Path model =
        RandomCheckpoint.write(
            tmp.resolve("m"),
            ModelConfigBuilder.tiny("qwen3")
                .hiddenSize(32)
                .intermediateSize(64)
                .numHiddenLayers(1)
                .numAttentionHeads(2)
                .numKeyValueHeads(1)
                .build(),
            new RandomCheckpoint.Options(31, "float32", 0.2, true));
    SftConfig config = SftConfig.builder().build();
    try (NDManager manager = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.load(model);
        TrainableModel policy = TrainableModel.load(model, null, null, 1, manager)) {
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      List<TokenizedSequence> batch = new ArrayList<>();
      var data = TrainFixtures.conversations();
      batch.add(tokenization.sft(data.get(4), config, 0)); // longest: the other is padded
      batch.add(tokenization.sft(data.get(1), config, 1));
      SftTrainer.Objective objective = new SftTrainer.Objective(policy, tokenizer.padTokenId());
      long units = TrainingObjective.sum(batch, objective::units);
      try (NDManager m = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(objective.loss(batch, units, m, new MetricsWindow()));
      }
      double h = 1e-2;
      for (Object[] e : ELEMENTS) {
        String name = (String) e[0];
        int index = (int) e[1];
        NDArray weight = policy.decoder().parameters().get(name);
        double got;
        try (NDArray grad = weight.getGradient()) {
          got = grad.toFloatArray()[index];
        }
        double plus = lossWith(policy, objective, batch, units, manager, weight, index, h);
        double minus = lossWith(policy, objective, batch, units, manager, weight, index, -h);
        double want = (plus - minus) / (2 * h);
        assertThat(got)
            .as("dL/d%s[%d]", name, index)
            .isCloseTo(want, org.assertj.core.data.Offset.offset(2e-4 + 0.03 * Math.abs(want)));
        assertThat(Math.abs(want)).as("a gradient worth testing").isGreaterThan(1e-3);
      }
    }
  }

  /** The loss with weight[index] shifted by delta (restored afterwards), without autograd. */
  private static double lossWith(
      TrainableModel policy,
      SftTrainer.Objective objective,
      List<TokenizedSequence> batch,
      long units,
      NDManager manager,
      NDArray weight,
      int index,
      double delta) {
    try (NoGrad noGrad = NoGrad.enter();
        NDManager m = manager.newSubManager()) {
      float[] values = weight.toFloatArray();
      float original = values[index];
      values[index] = (float) (original + delta);
      weight.set(values);
      double loss =
          objective
              .loss(batch, units, m, new MetricsWindow())
              .toType(DataType.FLOAT64, false)
              .getDouble();
      values[index] = original;
      weight.set(values);
      return loss;
    }
  }
}
