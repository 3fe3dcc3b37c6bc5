package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct preference optimisation with TRL's {@code DPOTrainer} semantics: per pair the summed
 * log-probs of the chosen and rejected answers under the policy and the reference (one concatenated
 * forward each), the loss of {@link DpoLoss}, averaged over the pairs of the optimizer step (so
 * accumulation does not change it). The reference is described in {@link DpoReference}.
 *
 * <p>Logs {@code loss}, {@code rewards/chosen}, {@code rewards/rejected}, {@code
 * rewards/accuracies}, {@code rewards/margins}, {@code logps/chosen}, {@code logps/rejected}
 * ({@code nll_loss} with sft or RPO; {@code regularization_nll} with the general-skill
 * regulariser), {@code grad_norm}, {@code learning_rate}, {@code epoch}, and the log-prob of the
 * first answer token where chosen and rejected differ ({@link TokenizedPair#firstDivergence}) under
 * the policy and the reference: {@code logps/first_divergent/chosen}, {@code
 * logps/first_divergent/rejected}, {@code ref_logps/first_divergent/chosen}, {@code
 * ref_logps/first_divergent/rejected} (means over the pairs that have such a token, from the same
 * forwards; never length-averaged). Output layout and resume as {@link SftTrainer#train}.
 *
 * <p>Run one training at a time per JVM, on one thread.
 */
public final class DpoTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(DpoTrainer.class);

  private final DpoConfig config;
  private final LoraConfig lora;

  /**
   * @param config the DPO configuration
   * @param lora LoRA settings, or null for full fine-tuning
   */
  public DpoTrainer(DpoConfig config, LoraConfig lora) {
    ConfigChecks.required("config", config);
    this.config = config;
    this.lora = lora;
  }

  /**
   * Trains the model of {@code modelDir} on preference pairs; arguments, outputs and exceptions as
   * {@link SftTrainer#train}.
   */
  public TrainingResult train(
      Path modelDir,
      List<PreferenceExample> data,
      Path outputDir,
      boolean resume,
      TrainingListener listener) {
    return train(modelDir, data, List.of(), outputDir, resume, listener);
  }

  /**
   * Trains on preference pairs with the general-skill regulariser of {@link
   * DpoConfig#regularizationWeight()}: the regularisation examples are tokenised as SFT examples
   * (loss on the completion only, the DPO config's {@code maxLength}), shuffled with the training
   * seed, and the pair at position k of the data set is paired with example {@code k mod n}, so a
   * resumed run sees the same pairing.
   *
   * @param regularization SFT examples to rehearse; must be non-empty when the weight is > 0, and
   *     is ignored (with a log line) when the weight is 0
   * @throws IllegalArgumentException when the weight is > 0 and no regularisation example is left
   */
  public TrainingResult train(
      Path modelDir,
      List<PreferenceExample> data,
      List<SftExample> regularization,
      Path outputDir,
      boolean resume,
      TrainingListener listener) {
    ConfigChecks.required("regularization", regularization);
    if (config.regularizationWeight() > 0 && regularization.isEmpty()) {
      throw new IllegalArgumentException(
          "regularizationWeight is "
              + config.regularizationWeight()
              + " but no regularisation examples were given: pass SFT examples to rehearse, or set"
              + " regularizationWeight to 0");
    }
    if (config.regularizationWeight() == 0 && !regularization.isEmpty()) {
      LOG.info(
          "dpo: {} regularisation examples ignored: regularizationWeight is 0",
          regularization.size());
    }
    Path checkpoint = TrainerRuns.checkpointToResume(outputDir, resume);
    List<TokenizedPair> pairs = new ArrayList<>();
    List<TokenizedSequence> rehearsed = new ArrayList<>();
    long padId;
    try (Tokenizer tokenizer = Tokenizer.load(modelDir)) {
      padId = tokenizer.padTokenId();
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      for (int i = 0; i < data.size(); i++) {
        TokenizedPair pair = tokenization.dpo(data.get(i), config, i);
        if (pair != null) {
          pairs.add(pair);
        }
      }
      if (config.regularizationWeight() > 0) {
        SftConfig asSft = SftConfig.builder().training(config.training()).build();
        for (int i = 0; i < regularization.size(); i++) {
          TokenizedSequence s = tokenization.sft(regularization.get(i), asSft, i);
          if (s != null) {
            rehearsed.add(s);
          }
        }
        if (rehearsed.isEmpty()) {
          throw new IllegalArgumentException(
              "none of the "
                  + regularization.size()
                  + " regularisation examples keeps a completion token within maxLength="
                  + config.training().maxLength());
        }
      }
    }
    int dropped = data.size() - pairs.size();
    if (dropped > 0) {
      LOG.info(
          "dpo: dropped {} of {} pairs with an answer left without tokens by truncation",
          dropped,
          data.size());
    }
    Map<Integer, TokenizedSequence> pairing = pairing(pairs, rehearsed, config.training().seed());
    if (!pairing.isEmpty()) {
      LOG.info(
          "dpo: general-skill regulariser on, weight {}, {} examples over {} pairs",
          config.regularizationWeight(),
          rehearsed.size(),
          pairs.size());
    }
    try (NDManager manager = NDManager.newBaseManager();
        TrainableModel model =
            TrainableModel.load(modelDir, checkpoint, lora, config.training().seed(), manager);
        DpoReference reference =
            DpoReference.create(config, model, modelDir, pairs, padId, manager)) {
      return TrainingLoop.run(
          new TrainingLoop.Setup<>(
              "dpo",
              config.training(),
              config.toJson(),
              lora,
              model,
              StepBatches.shuffled(pairs, config.training()),
              new Objective(config, model, reference, padId, pairing),
              outputDir,
              checkpoint == null ? null : TrainerState.read(checkpoint),
              checkpoint,
              dropped,
              listener,
              manager));
    }
  }

  /**
   * The regularisation example of each pair, by the pair's data-set index: the examples shuffled
   * with {@code seed}, the k-th pair getting example {@code k mod n}. Empty when there are none.
   */
  static Map<Integer, TokenizedSequence> pairing(
      List<TokenizedPair> pairs, List<TokenizedSequence> examples, long seed) {
    Map<Integer, TokenizedSequence> out = new HashMap<>();
    if (examples.isEmpty()) {
      return out;
    }
    List<TokenizedSequence> shuffled = new ArrayList<>(examples);
    Collections.shuffle(shuffled, new Random(seed));
    for (int k = 0; k < pairs.size(); k++) {
      out.put(pairs.get(k).index(), shuffled.get(k % shuffled.size()));
    }
    return out;
  }

  /**
   * The DPO loss of a micro-batch, weighted by its share of the step's pairs, plus the weighted
   * per-token NLL of the pairs' regularisation examples when the regulariser is on.
   */
  static final class Objective implements TrainingObjective<TokenizedPair> {
    /** Policy chosen, policy rejected, reference chosen, reference rejected. */
    static final String[] FIRST_DIVERGENT = {
      "logps/first_divergent/chosen",
      "logps/first_divergent/rejected",
      "ref_logps/first_divergent/chosen",
      "ref_logps/first_divergent/rejected"
    };

    private final DpoConfig config;
    private final TrainableModel model;
    private final DpoReference reference;
    private final long padId;
    private final Map<Integer, TokenizedSequence> pairing;

    Objective(
        DpoConfig config,
        TrainableModel model,
        DpoReference reference,
        long padId,
        Map<Integer, TokenizedSequence> pairing) {
      this.config = config;
      this.model = model;
      this.reference = reference;
      this.padId = padId;
      this.pairing = pairing;
    }

    @Override
    public long units(TokenizedPair example) {
      return 1;
    }

    @Override
    public long tokens(TokenizedPair example) {
      TokenizedSequence rehearsed = pairing.get(example.index());
      return example.tokens() + (rehearsed == null ? 0 : rehearsed.length());
    }

    @Override
    public NDArray loss(
        List<TokenizedPair> batch, long stepUnits, NDManager manager, MetricsWindow window) {
      DpoLossResult result = compute(batch, manager);
      int b = batch.size();
      int divergent = divergentPairs(batch);
      for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
        if (List.of(FIRST_DIVERGENT).contains(e.getKey())) {
          window.add(e.getKey(), e.getValue(), divergent); // a mean over those pairs alone
        } else if (!e.getKey().equals("loss")) {
          window.add(e.getKey(), e.getValue(), b);
        }
      }
      NDArray loss = result.loss(); // () mean over the micro-batch
      loss = loss.mul(manager.full(loss.getShape(), (float) b / stepUnits));
      if (pairing.isEmpty()) {
        return loss;
      }
      NDArray nll = regularizationNll(batch, manager); // (B) per-example mean token NLL
      try (NoGrad noGrad = NoGrad.enter()) {
        window.add("regularization_nll", nll.mean().getFloat(), b);
      }
      NDArray term =
          nll.sum()
              .mul(manager.full(new Shape(), (float) (config.regularizationWeight() / stepUnits)));
      return loss.add(term);
    }

    /**
     * Per pair of the batch, the mean NLL over the trained tokens of its regularisation example.
     */
    NDArray regularizationNll(List<TokenizedPair> batch, NDManager manager) {
      List<TokenizedSequence> rehearsed = batch.stream().map(p -> pairing.get(p.index())).toList();
      PaddedBatch p = PaddedBatch.of(rehearsed, padId, manager);
      NDArray logits = model.decoder().forward(p.inputIds(), p.attentionMask(), null); // (B,T,V)
      NDArray tokenLogps = LogProbs.tokenLogProbs(logits, p.labels(), p.lossMask()); // (B,T)
      NDArray counts = p.lossMask().sum(new int[] {1}); // (B)
      return tokenLogps.sum(new int[] {1}).neg().div(counts); // (B)
    }

    /** Policy and reference log-probs of a micro-batch and {@link DpoLoss#compute} on them. */
    DpoLossResult compute(List<TokenizedPair> batch, NDManager manager) {
      int b = batch.size();
      PaddedBatch p = PaddedBatch.of(DpoReference.sequences(batch), padId, manager);
      DpoReference.Values refValues = reference.logProbs(batch, p);
      NDArray ref = refValues.sequence(); // (2B)
      NDArray logits = model.decoder().forward(p.inputIds(), p.attentionMask(), null); // (2B,T,V)
      NDArray tokenLogps = LogProbs.tokenLogProbs(logits, p.labels(), p.lossMask()); // (2B, T)
      NDArray seq =
          DpoReference.sequenceLogProbs(
              tokenLogps, p, DpoLoss.needsLengthAveragedLogProbs(config)); // (2B)
      NDArray chosenNll = null;
      if (DpoLoss.needsChosenNll(config)) {
        NDArray chosenTokens = tokenLogps.get("0:" + b); // (B, T)
        NDArray count = p.lossMask().get("0:" + b).sum(); // ()
        chosenNll = chosenTokens.sum().neg().div(count); // ()
      }
      DpoLossResult result =
          DpoLoss.compute(
              config,
              seq.get("0:" + b),
              seq.get(b + ":"),
              ref.get("0:" + b),
              ref.get(b + ":"),
              chosenNll);
      Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
      metrics.putAll(
          firstDivergentMetrics(
              batch,
              DpoReference.firstDivergentLogProbs(tokenLogps, batch),
              refValues.firstDivergent()));
      return new DpoLossResult(result.loss(), metrics);
    }

    /**
     * The means over the batch's pairs that have a first divergent token ({@link
     * TokenizedPair#firstDivergence}) of its log-prob under the policy and the reference; empty
     * when no pair has one.
     *
     * @param policy (2B) chosen then rejected, 0 for a pair without a divergent token
     * @param ref (2B) the same under the reference
     */
    static Map<String, Double> firstDivergentMetrics(
        List<TokenizedPair> batch, NDArray policy, NDArray ref) {
      int b = batch.size();
      float[] pi = policy.toType(DataType.FLOAT32, false).toFloatArray();
      float[] rf = ref.toType(DataType.FLOAT32, false).toFloatArray();
      double[] sums = new double[4];
      int n = divergentPairs(batch);
      Map<String, Double> out = new LinkedHashMap<>();
      if (n == 0) {
        return out;
      }
      for (int i = 0; i < b; i++) {
        if (batch.get(i).firstDivergence() != null) {
          sums[0] += pi[i];
          sums[1] += pi[b + i];
          sums[2] += rf[i];
          sums[3] += rf[b + i];
        }
      }
      for (int k = 0; k < 4; k++) {
        out.put(FIRST_DIVERGENT[k], sums[k] / n);
      }
      return out;
    }

    /** The pairs of the batch with a first divergent token. */
    static int divergentPairs(List<TokenizedPair> batch) {
      return (int) batch.stream().filter(p -> p.firstDivergence() != null).count();
    }

    @Override
    public List<String> headlineMetrics() {
      return List.of("rewards/margins", "rewards/accuracies");
    }

    @Override
    public boolean logsNumTokens() {
      return false;
    }
  }
}
