package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.lm.Decoder;
import java.nio.file.Path;

/**
 * The reference policy of GRPO's KL term (loaded only when beta > 0): with LoRA and no {@code
 * refModelPath}, the policy with its adapter switched off (no second copy); otherwise a frozen
 * model loaded from the initial model directory (TRL's {@code ref_model=None}) or from {@code
 * refModelPath}.
 */
final class GrpoReference implements AutoCloseable {

  private final TrainableModel policy;
  private final NDManager manager;
  private final Decoder frozen;

  private GrpoReference(TrainableModel policy, NDManager manager, Decoder frozen) {
    this.policy = policy;
    this.manager = manager;
    this.frozen = frozen;
  }

  /** The reference of a run, or null when beta is 0. */
  static GrpoReference create(
      GrpoConfig config, TrainableModel policy, Path modelDir, NDManager parent) {
    if (config.beta() == 0) {
      return null;
    }
    if (policy.adapter() != null && config.refModelPath() == null) {
      return new GrpoReference(policy, null, null);
    }
    Path source = config.refModelPath() == null ? modelDir : Path.of(config.refModelPath());
    NDManager manager = parent.newSubManager();
    try {
      return new GrpoReference(policy, manager, policy.frozenReference(source, manager));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Per-token reference log-probs of a batch at {@code temperature}: (B, T), no gradient. */
  NDArray tokenLogProbs(PaddedBatch p, double temperature) {
    try (NoGrad noGrad = NoGrad.enter()) {
      if (frozen != null) {
        return GrpoTrainer.tokenLogProbs(frozen, p, temperature);
      }
      policy.adapter().setEnabled(false);
      try {
        return GrpoTrainer.tokenLogProbs(policy.decoder(), p, temperature);
      } finally {
        policy.adapter().setEnabled(true);
      }
    }
  }

  @Override
  public void close() {
    if (frozen != null) {
      frozen.close();
      manager.close();
    }
  }
}
