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
        Values v = compute(batch, p);
        float[] seq = v.sequence().toFloatArray(); // (2B)
        float[] first = v.firstDivergent().toFloatArray(); // (2B)
        int b = batch.size();
        for (int i = 0; i < b; i++) {
          values.put(
              batch.get(i).index(), new float[] {seq[i], seq[b + i], first[i], first[b + i]});
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
   * Reference log-probs of a batch laid out as {@link #sequences}, chosen first.
   *
   * @param sequence (2B) summed (or length-averaged) answer log-probs
   * @param firstDivergent (2B) log-prob of the first token where the pair's answers differ, 0 for a
   *     pair without one ({@link TokenizedPair#firstDivergence})
   */
  record Values(NDArray sequence, NDArray firstDivergent) {}

  /** The reference values of a batch, in {@code p}'s manager, without gradient. */
  Values logProbs(List<TokenizedPair> batch, PaddedBatch p) {
    if (precomputed == null) {
      return compute(batch, p);
    }
    int b = batch.size();
    float[] seq = new float[2 * b];
    float[] first = new float[2 * b];
    for (int i = 0; i < b; i++) {
      float[] v = precomputed.get(batch.get(i).index());
      seq[i] = v[0];
      seq[b + i] = v[1];
      first[i] = v[2];
      first[b + i] = v[3];
    }
    NDManager m = p.inputIds().getManager();
    return new Values(m.create(seq), m.create(first));
  }

  private Values compute(List<TokenizedPair> batch, PaddedBatch p) {
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
      NDArray tokenLogps = LogProbs.tokenLogProbs(logits, p.labels(), p.lossMask()); // (2B, T)
      logits.close();
      NDArray seq = sequenceLogProbs(tokenLogps, p, lengthAveraged); // (2B)
      NDArray first = firstDivergentLogProbs(tokenLogps, batch); // (2B)
      return new Values(seq.toType(DataType.FLOAT32, false), first.toType(DataType.FLOAT32, false));
    }
  }

  /**
   * Summed (or length-averaged) label log-probs per sequence.
   *
   * @param tokenLogps (2B, T) per-label log-probs, 0 under the loss mask's zeros
   * @return (2B)
   */
  static NDArray sequenceLogProbs(NDArray tokenLogps, PaddedBatch p, boolean lengthAveraged) {
    NDArray seq = tokenLogps.sum(new int[] {1}); // (2B)
    return lengthAveraged ? seq.div(p.lossMask().sum(new int[] {1})) : seq; // (2B)
  }

  /**
   * Per sequence, the log-prob of the first answer token where its pair's answers differ (never
   * length-averaged), 0 for a pair without one; detached.
   *
   * @param tokenLogps (2B, T) per-label log-probs laid out as {@link #sequences}
   * @return (2B)
   */
  static NDArray firstDivergentLogProbs(NDArray tokenLogps, List<TokenizedPair> batch) {
    int b = batch.size();
    int t = (int) tokenLogps.getShape().get(1);
    float[] pick = new float[2 * b * t]; // (2B, T) one-hot at the divergent label
    for (int i = 0; i < b; i++) {
      int[] at = batch.get(i).firstDivergence();
      if (at != null) {
        // label index = token position - 1 (PaddedBatch's shift)
        pick[i * t + at[0] - 1] = 1f;
        pick[(b + i) * t + at[1] - 1] = 1f;
      }
    }
    NDArray mask = tokenLogps.getManager().create(pick, tokenLogps.getShape()); // (2B, T)
    return tokenLogps
        .stopGradient()
        .mul(mask.toType(tokenLogps.getDataType(), false))
        .sum(new int[] {1}); // (2B)
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
