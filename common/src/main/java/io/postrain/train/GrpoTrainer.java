package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.postrain.curate.RewardSet;
import io.postrain.data.PromptExample;
import io.postrain.lm.Decoder;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group relative policy optimisation with TRL's {@code GRPOTrainer} semantics, colocated: the
 * process samples with the very policy it trains. Each generation batch ({@link GrpoRollouts}) is
 * sampled, scored by a {@link RewardSet} and turned into group-relative advantages; the loss is
 * {@link GrpoLoss} over the completion tokens, with the policy's log-probs taken at the sampling
 * temperature (as TRL).
 *
 * <p>Logs the metrics of {@link GrpoRollouts} and {@link GrpoLoss}, {@code entropy} (mean per-token
 * entropy of the policy over completion tokens), {@code loss}, {@code grad_norm}, {@code
 * learning_rate}, {@code num_tokens}, {@code epoch}, {@code train_tokens_per_second}. Output layout
 * and resume as {@link SftTrainer#train}; with {@code numIterations > 1} checkpoints also hold the
 * generation batch in use.
 *
 * <p>Run one training at a time per JVM, on one thread.
 */
public final class GrpoTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(GrpoTrainer.class);

  /** The text of generated token ids (special tokens skipped), as the rewards see it. */
  @FunctionalInterface
  interface Decode {
    String text(long[] ids);
  }

  private final GrpoConfig config;
  private final LoraConfig lora;

  /**
   * @param config the GRPO configuration
   * @param lora LoRA settings, or null for full fine-tuning
   */
  public GrpoTrainer(GrpoConfig config, LoraConfig lora) {
    ConfigChecks.required("config", config);
    this.config = config;
    this.lora = lora;
  }

  /**
   * Trains the model of {@code modelDir} on {@code prompts} with {@code rewards}; outputs and
   * exceptions as {@link SftTrainer#train}.
   *
   * @param prompts TRL's prompt-only rows; a text prompt is encoded as it stands, a message list
   *     with the chat template and a generation prompt
   * @param rewards the reward functions; each completion's reward is their weighted sum
   * @throws IllegalArgumentException when no prompt is given
   */
  public TrainingResult train(
      Path modelDir,
      List<PromptExample> prompts,
      RewardSet rewards,
      Path outputDir,
      boolean resume,
      TrainingListener listener) {
    ConfigChecks.required("rewards", rewards);
    if (prompts == null || prompts.isEmpty()) {
      throw new IllegalArgumentException("GRPO needs at least one prompt (got none)");
    }
    Path checkpoint = TrainerRuns.checkpointToResume(outputDir, resume);
    try (Tokenizer tokenizer = Tokenizer.load(modelDir);
        NDManager manager = NDManager.newBaseManager();
        TrainableModel model =
            TrainableModel.load(modelDir, checkpoint, lora, config.training().seed(), manager);
        GrpoReference reference = GrpoReference.create(config, model, modelDir, manager)) {
      long padId = tokenizer.padTokenId();
      GrpoRollouts rollouts =
          new GrpoRollouts(
              config,
              model,
              reference,
              encode(prompts, tokenizer),
              ids -> tokenizer.decode(ids, true),
              rewards,
              LanguageModel.stopTokenIds(model.config(), tokenizer),
              padId,
              manager);
      LOG.info(
          "grpo: {} prompts, {} x {} completions per generation batch, rewards {}, loss {}, beta {}",
          prompts.size(),
          config.promptsPerGeneration(),
          config.numGenerations(),
          rewards.names(),
          config.lossType().flagValue(),
          config.beta());
      return TrainingLoop.run(
          new TrainingLoop.Setup<>(
              "grpo",
              config.training(),
              config.toJson(),
              lora,
              model,
              rollouts,
              new Objective(config, model, padId),
              outputDir,
              checkpoint == null ? null : TrainerState.read(checkpoint),
              checkpoint,
              0,
              listener,
              manager));
    }
  }

  /** The prompts as ids: texts as they stand, conversations through the chat template. */
  GrpoRollouts.Prompts encode(List<PromptExample> prompts, Tokenizer tokenizer) {
    List<long[]> ids = new ArrayList<>();
    for (PromptExample p : prompts) {
      long[] encoded =
          p.conversational()
              ? tokenizer.encode(tokenizer.chatTemplate().render(p.messages(), true, false))
              : tokenizer.encode(p.text());
      Integer max = config.maxPromptLength();
      if (max != null && encoded.length > max) {
        encoded = Arrays.copyOfRange(encoded, encoded.length - max, encoded.length);
      }
      if (encoded.length == 0) {
        throw new IllegalArgumentException("a prompt encodes to no token: " + p.row());
      }
      ids.add(encoded);
    }
    return new GrpoRollouts.Prompts(List.copyOf(prompts), ids);
  }

  /** The sequences of rollouts, in order. */
  static List<TokenizedSequence> sequences(List<GrpoRollout> rollouts) {
    return rollouts.stream().map(GrpoRollout::sequence).toList();
  }

  /**
   * Per-token log-probs of a padded batch's labels under {@code decoder} with the logits divided by
   * {@code temperature}: (B, T), 0 off the loss mask.
   */
  static NDArray tokenLogProbs(Decoder decoder, PaddedBatch p, double temperature) {
    NDArray logits = decoder.forward(p.inputIds(), p.attentionMask(), null); // (B, T, V)
    NDArray scaled = logits.div(Scalars.like(logits, temperature)); // (B, T, V)
    return LogProbs.tokenLogProbs(scaled, p.labels(), p.lossMask()); // (B, T)
  }

  /** The GRPO loss of a micro-batch of rollouts. */
  static final class Objective implements TrainingObjective<GrpoRollout> {
    private final GrpoConfig config;
    private final TrainableModel model;
    private final long padId;

    Objective(GrpoConfig config, TrainableModel model, long padId) {
      this.config = config;
      this.model = model;
      this.padId = padId;
    }

    @Override
    public long units(GrpoRollout example) {
      return example.trainedTokens();
    }

    @Override
    public long tokens(GrpoRollout example) {
      return example.sequence().length();
    }

    @Override
    public NDArray loss(
        List<GrpoRollout> batch, long stepUnits, NDManager manager, MetricsWindow window) {
      PaddedBatch p = PaddedBatch.of(sequences(batch), padId, manager);
      NDArray logits = model.decoder().forward(p.inputIds(), p.attentionMask(), null); // (B,T,V)
      NDArray scaled = logits.div(Scalars.like(logits, config.temperature())); // (B, T, V)
      NDArray logps = LogProbs.tokenLogProbs(scaled, p.labels(), p.lossMask()); // (B, T)
      Shape bt = logps.getShape();
      NDArray old = batch.get(0).oldLogps() == null ? null : rows(batch, true, bt, manager);
      NDArray ref = batch.get(0).refLogps() == null ? null : rows(batch, false, bt, manager);
      float[] adv = new float[batch.size()];
      for (int i = 0; i < adv.length; i++) {
        adv[i] = (float) batch.get(i).advantage();
      }
      GrpoLoss.Result result =
          GrpoLoss.compute(
              config,
              logps,
              old,
              ref,
              manager.create(adv),
              p.lossMask(),
              config.training().gradientAccumulationSteps(),
              stepUnits);
      result.metrics().forEach((name, value) -> window.add(name, value, result.tokens()));
      window.add("entropy", entropy(scaled, p.lossMask()), result.tokens());
      return result.loss();
    }

    /** Mean entropy of the (temperature-scaled) policy over the masked positions. */
    private static double entropy(NDArray scaled, NDArray mask) {
      try (NoGrad noGrad = NoGrad.enter();
          NDManager m = scaled.getManager().newSubManager()) {
        NDArray logp = scaled.stopGradient().logSoftmax(-1); // (B, T, V)
        m.attachAll(logp);
        NDArray perPosition = logp.exp().mul(logp).sum(new int[] {-1}).neg(); // (B, T)
        float tokens = mask.sum().getFloat();
        return tokens == 0 ? 0 : perPosition.mul(mask).sum().getFloat() / tokens;
      }
    }

    /** The recorded old (or reference) log-probs of a batch as a (B, T) array, zero-padded. */
    private static NDArray rows(List<GrpoRollout> batch, boolean old, Shape bt, NDManager manager) {
      int t = (int) bt.get(1);
      float[] out = new float[batch.size() * t];
      for (int i = 0; i < batch.size(); i++) {
        float[] row = old ? batch.get(i).oldLogps() : batch.get(i).refLogps();
        System.arraycopy(row, 0, out, i * t, Math.min(row.length, t));
      }
      return manager.create(out, bt);
    }

    @Override
    public List<String> headlineMetrics() {
      return List.of("reward", "reward_std", "frac_reward_zero_std", "completions/mean_length");
    }

    @Override
    public boolean logsNumTokens() {
      return true;
    }

    @Override
    public boolean logsTrainingSpeed() {
      return true;
    }
  }
}
