package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.data.PreferenceExample;
import io.postrain.lm.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * ({@code nll_loss} with sft or RPO), {@code grad_norm}, {@code learning_rate}, {@code epoch}.
 * Output layout and resume as {@link SftTrainer#train}.
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
    Path checkpoint = TrainerRuns.checkpointToResume(outputDir, resume);
    List<TokenizedPair> pairs = new ArrayList<>();
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
    }
    int dropped = data.size() - pairs.size();
    if (dropped > 0) {
      LOG.info(
          "dpo: dropped {} of {} pairs with an answer left without tokens by truncation",
          dropped,
          data.size());
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
              pairs,
              new Objective(config, model, reference, padId),
              outputDir,
              checkpoint == null ? null : TrainerState.read(checkpoint),
              checkpoint,
              dropped,
              listener,
              manager));
    }
  }

  /** The DPO loss of a micro-batch, weighted by its share of the step's pairs. */
  static final class Objective implements TrainingObjective<TokenizedPair> {
    private final DpoConfig config;
    private final TrainableModel model;
    private final DpoReference reference;
    private final long padId;

    Objective(DpoConfig config, TrainableModel model, DpoReference reference, long padId) {
      this.config = config;
      this.model = model;
      this.reference = reference;
      this.padId = padId;
    }

    @Override
    public long units(TokenizedPair example) {
      return 1;
    }

    @Override
    public long tokens(TokenizedPair example) {
      return example.tokens();
    }

    @Override
    public NDArray loss(
        List<TokenizedPair> batch, long stepUnits, NDManager manager, MetricsWindow window) {
      DpoLossResult result = compute(batch, manager);
      int b = batch.size();
      for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
        if (!e.getKey().equals("loss")) {
          window.add(e.getKey(), e.getValue(), b);
        }
      }
      NDArray loss = result.loss(); // () mean over the micro-batch
      return loss.mul(manager.full(loss.getShape(), (float) b / stepUnits));
    }

    /** Policy and reference log-probs of a micro-batch and {@link DpoLoss#compute} on them. */
    DpoLossResult compute(List<TokenizedPair> batch, NDManager manager) {
      int b = batch.size();
      PaddedBatch p = PaddedBatch.of(DpoReference.sequences(batch), padId, manager);
      NDArray ref = reference.logProbs(batch, p); // (2B)
      NDArray logits = model.decoder().forward(p.inputIds(), p.attentionMask(), null); // (2B,T,V)
      NDArray tokenLogps = LogProbs.tokenLogProbs(logits, p.labels(), p.lossMask()); // (2B, T)
      NDArray seq = tokenLogps.sum(new int[] {1}); // (2B)
      if (DpoLoss.needsLengthAveragedLogProbs(config)) {
        seq = seq.div(p.lossMask().sum(new int[] {1})); // (2B)
      }
      NDArray chosenNll = null;
      if (DpoLoss.needsChosenNll(config)) {
        NDArray chosenTokens = tokenLogps.get("0:" + b); // (B, T)
        NDArray count = p.lossMask().get("0:" + b).sum(); // ()
        chosenNll = chosenTokens.sum().neg().div(count); // ()
      }
      return DpoLoss.compute(
          config,
          seq.get("0:" + b),
          seq.get(b + ":"),
          ref.get("0:" + b),
          ref.get(b + ":"),
          chosenNll);
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
