package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.postrain.lm.Decoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference model's sequence log-probs for DPO: the policy with its LoRA adapter switched off
 * (no second copy), a frozen model loaded from a directory (the initial weights, as TRL's {@code
 * ref_model=None}, or {@code refModelPath}), or values computed once before training ({@code
 * precomputeRefLogProbs}, after which no reference model is kept).
 */
final class DpoReference implements AutoCloseable {

  private final TrainableModel policy;
  private final boolean lengthAveraged;
  private NDManager manager;
  private Decoder frozen;
  private Map<Integer, float[]> precomputed;

  private DpoReference(TrainableModel policy, boolean lengthAveraged) {
    this.policy = policy;
    this.lengthAveraged = lengthAveraged;
  }

  /**
   * The reference of a run.
   *
   * @param modelDir the initial model (the reference unless {@code refModelPath} is set)
   * @param data every pair, used only when the log-probs are precomputed
   */
  static DpoReference create(
      DpoConfig config,
      TrainableModel policy,
      Path modelDir,
      List<TokenizedPair> data,
      long padId,
      NDManager parent) {
    DpoReference ref = new DpoReference(policy, DpoLoss.needsLengthAveragedLogProbs(config));
    boolean adapterOff = policy.adapter() != null && config.refModelPath() == null;
    if (!adapterOff) {
      Path source = config.refModelPath() == null ? modelDir : Path.of(config.refModelPath());
      ref.manager = parent.newSubManager();
      ref.frozen = policy.frozenReference(source, ref.manager);
    }
    if (config.precomputeRefLogProbs()) {
      ref.precompute(data, config.training().perDeviceTrainBatchSize(), padId, parent);
    }
    return ref;
  }

  private void precompute(List<TokenizedPair> data, int batchSize, long padId, NDManager parent) {
    Map<Integer, float[]> values = new HashMap<>();
    for (int from = 0; from < data.size(); from += batchSize) {
      List<TokenizedPair> batch = data.subList(from, Math.min(from + batchSize, data.size()));
      try (NDManager m = parent.newSubManager()) {
        PaddedBatch p = PaddedBatch.of(sequences(batch), padId, m);
        float[] logps = compute(p).toFloatArray(); // (2B)
        for (int i = 0; i < batch.size(); i++) {
          values.put(batch.get(i).index(), new float[] {logps[i], logps[batch.size() + i]});
        }
      }
    }
    precomputed = values;
    closeFrozen();
  }

  /** Chosen sequences then rejected ones, the layout of one concatenated forward. */
  static List<TokenizedSequence> sequences(List<TokenizedPair> batch) {
    List<TokenizedSequence> out = new ArrayList<>();
    batch.forEach(pair -> out.add(pair.chosen()));
    batch.forEach(pair -> out.add(pair.rejected()));
    return out;
  }

  /**
   * The reference log-probs of a batch laid out as {@link #sequences}: (2B), chosen first, in
   * {@code p}'s manager, without gradient.
   */
  NDArray logProbs(List<TokenizedPair> batch, PaddedBatch p) {
    if (precomputed == null) {
      return compute(p);
    }
    int b = batch.size();
    float[] out = new float[2 * b];
    for (int i = 0; i < b; i++) {
      float[] v = precomputed.get(batch.get(i).index());
      out[i] = v[0];
      out[b + i] = v[1];
    }
    return p.inputIds().getManager().create(out);
  }

  private NDArray compute(PaddedBatch p) {
    try (NoGrad noGrad = NoGrad.enter()) {
      NDArray logits;
      if (frozen != null) {
        logits = frozen.forward(p.inputIds(), p.attentionMask(), null); // (2B, T, V)
      } else {
        policy.adapter().setEnabled(false);
        try {
          logits = policy.decoder().forward(p.inputIds(), p.attentionMask(), null);
        } finally {
          policy.adapter().setEnabled(true);
        }
      }
      NDArray logps = sequenceLogProbs(logits, p, lengthAveraged); // (2B)
      logits.close();
      return logps.toType(DataType.FLOAT32, false);
    }
  }

  /** Summed (or length-averaged) label log-probs per sequence: (2B). */
  static NDArray sequenceLogProbs(NDArray logits, PaddedBatch p, boolean lengthAveraged) {
    return lengthAveraged
        ? LogProbs.meanSequenceLogProbs(logits, p.labels(), p.lossMask())
        : LogProbs.sequenceLogProbs(logits, p.labels(), p.lossMask());
  }

  private void closeFrozen() {
    if (frozen != null) {
      frozen.close();
      frozen = null;
    }
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }

  @Override
  public void close() {
    closeFrozen();
  }
}
