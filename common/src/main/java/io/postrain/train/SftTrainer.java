package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.postrain.data.SftExample;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised fine-tuning with TRL's {@code SFTTrainer} semantics: the loss is the token NLL summed
 * over trained tokens (the completion, see {@link ChatTokenization}) divided by the number of
 * trained tokens of the whole optimizer step, so batch 1 x accumulation 8 equals batch 8 x
 * accumulation 1. Full fine-tuning, or LoRA when a {@link LoraConfig} is given.
 *
 * <p>Logs {@code loss}, {@code grad_norm}, {@code learning_rate}, {@code epoch}, {@code num_tokens}
 * and {@code mean_token_accuracy}. Output layout and resume: see {@link #train}.
 *
 * <p>Run one training at a time per JVM, on one thread (DJL's gradient collector is global and
 * autograd mode is per thread).
 */
public final class SftTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(SftTrainer.class);

  private final SftConfig config;
  private final LoraConfig lora;

  /**
   * @param config the SFT configuration
   * @param lora LoRA settings, or null for full fine-tuning
   */
  public SftTrainer(SftConfig config, LoraConfig lora) {
    ConfigChecks.required("config", config);
    this.config = config;
    this.lora = lora;
  }

  /**
   * Trains the model of {@code modelDir} on {@code data}.
   *
   * <p>Writes {@code outputDir/checkpoint-<step>/} every {@code saveSteps} (model or adapter,
   * {@code optimizer.safetensors}, {@code trainer_state.json}; the newest 2 kept), {@code
   * metrics.jsonl}, and at the end the final model in {@code outputDir} (Hugging Face layout, or a
   * PEFT adapter with LoRA).
   *
   * @param resume continue from the newest complete checkpoint in {@code outputDir} (a fresh start
   *     when there is none); false removes earlier checkpoints there
   * @throws TrainingCancelledException when the listener cancels
   * @throws TrainingDivergedException when a loss or gradient norm is not finite
   * @throws IllegalArgumentException when no example has a trainable token, or the template cannot
   *     separate prompt and completion
   */
  public TrainingResult train(
      Path modelDir,
      List<SftExample> data,
      Path outputDir,
      boolean resume,
      TrainingListener listener) {
    Path checkpoint = TrainerRuns.checkpointToResume(outputDir, resume);
    List<TokenizedSequence> sequences = new ArrayList<>();
    long padId;
    try (Tokenizer tokenizer = Tokenizer.load(modelDir)) {
      padId = tokenizer.padTokenId();
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      for (int i = 0; i < data.size(); i++) {
        TokenizedSequence s = tokenization.sft(data.get(i), config, i);
        if (s != null) {
          sequences.add(s);
        }
      }
    }
    int dropped = data.size() - sequences.size();
    if (dropped > 0) {
      LOG.info(
          "sft: dropped {} of {} examples with no trainable token within maxLength {}",
          dropped,
          data.size(),
          config.training().maxLength());
    }
    try (NDManager manager = NDManager.newBaseManager();
        TrainableModel model =
            TrainableModel.load(modelDir, checkpoint, lora, config.training().seed(), manager)) {
      TrainingObjective<TokenizedSequence> objective = new Objective(model, padId);
      return TrainingLoop.run(
          new TrainingLoop.Setup<>(
              "sft",
              config.training(),
              config.toJson(),
              lora,
              model,
              StepBatches.shuffled(sequences, config.training()),
              objective,
              outputDir,
              checkpoint == null ? null : TrainerState.read(checkpoint),
              checkpoint,
              dropped,
              listener,
              manager));
    }
  }

  /** Token NLL over trained tokens, normalised by the step's trained tokens. */
  static final class Objective implements TrainingObjective<TokenizedSequence> {
    private final TrainableModel model;
    private final long padId;

    Objective(TrainableModel model, long padId) {
      this.model = model;
      this.padId = padId;
    }

    @Override
    public long units(TokenizedSequence example) {
      return example.trainedTokens();
    }

    @Override
    public long tokens(TokenizedSequence example) {
      return example.length();
    }

    @Override
    public NDArray loss(
        List<TokenizedSequence> batch, long stepUnits, NDManager manager, MetricsWindow window) {
      PaddedBatch p = PaddedBatch.of(batch, padId, manager);
      NDArray logits = model.decoder().forward(p.inputIds(), p.attentionMask(), null); // (B,T,V)
      NDArray nll = LogProbs.tokenNllSum(logits, p.labels(), p.lossMask()); // ()
      NDArray loss = nll.div(manager.full(nll.getShape(), (float) stepUnits)); // ()
      try (NoGrad noGrad = NoGrad.enter()) {
        NDArray hits =
            logits.argMax(-1).eq(p.labels()).toType(DataType.FLOAT32, false).mul(p.lossMask());
        double trained = p.lossMask().sum().getFloat();
        window.add("mean_token_accuracy", hits.sum().getFloat() / trained, trained);
      }
      return loss;
    }

    @Override
    public List<String> headlineMetrics() {
      return List.of("mean_token_accuracy");
    }

    @Override
    public boolean logsNumTokens() {
      return true;
    }
  }
}
