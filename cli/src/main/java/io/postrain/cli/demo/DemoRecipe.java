package io.postrain.cli.demo;

import io.postrain.train.DpoConfig;
import io.postrain.train.DpoLossType;
import io.postrain.train.LrSchedulerType;

/**
 * The demo's DPO settings: the seed recipe (beta 0.2, lr 5e-5, batch 1 x accumulation 8, 1 epoch,
 * logging every 2 steps) changed only where the evidence in {@code docs/demo.md} demands it.
 *
 * <p>A tiny model trained from scratch is far more confident than a real one: pure sigmoid DPO
 * saturates (beta x margin ~ 12) before the chosen branch token becomes the greedy choice. Adding
 * the NLL of the chosen answer (loss types sigmoid + sft, TRL's multi-loss) and raising the
 * learning rate to 2e-4 flips the identity; the reference log-probs are computed once up front.
 */
public final class DemoRecipe {

  /** The seed recipe's beta. */
  public static final double BETA = 0.2;

  /** The seed recipe's learning rate. */
  public static final double SEED_LEARNING_RATE = 5e-5;

  /** The demo's learning rate (see {@code docs/demo.md}). */
  public static final double LEARNING_RATE = 2e-4;

  /**
   * The weight of the general-skill regulariser: the NLL of the base model's own answers to skill
   * training questions, one per pair (see {@code docs/demo.md}).
   */
  public static final double REGULARIZATION_WEIGHT = 0.03;

  private DemoRecipe() {}

  /** The seed settings, unchanged: pure sigmoid DPO. */
  public static DpoConfig seed(long seed) {
    return base(seed).build();
  }

  /**
   * The demo recipe: seed settings + sft loss (weight 1) + lr 2e-4 + the general-skill regulariser,
   * reference precomputed.
   */
  public static DpoConfig demo(long seed, double epochs) {
    return base(seed)
        .lossType(DpoLossType.SIGMOID, DpoLossType.SFT)
        .precomputeRefLogProbs(true)
        .regularizationWeight(REGULARIZATION_WEIGHT)
        .training(t -> t.learningRate(LEARNING_RATE).numTrainEpochs(epochs))
        .build();
  }

  private static DpoConfig.Builder base(long seed) {
    return DpoConfig.builder()
        .beta(BETA)
        .maxPromptLength(128)
        .training(
            t ->
                t.learningRate(SEED_LEARNING_RATE)
                    .perDeviceTrainBatchSize(1)
                    .gradientAccumulationSteps(8)
                    .numTrainEpochs(1)
                    .loggingSteps(2)
                    .lrSchedulerType(LrSchedulerType.LINEAR)
                    .maxLength(256)
                    .saveSteps(100_000)
                    .seed(seed));
  }
}
