package io.postrain.cli.demo;

import io.postrain.data.SftExample;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.postrain.lm.checkpoint.SafetensorsDtype;
import io.postrain.lm.template.ChatMessage;
import io.postrain.scenario.BaseModelCorpus;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.HeldOutEval;
import io.postrain.scenario.LocalAnswerer;
import io.postrain.scenario.ScenarioJsonl;
import io.postrain.scenario.ScenarioNames;
import io.postrain.scenario.ScenarioSets;
import io.postrain.scenario.SftRow;
import io.postrain.train.LrSchedulerType;
import io.postrain.train.SftConfig;
import io.postrain.train.SftTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the scenario's base model: a tiny Qwen3-layout decoder with the byte-level tokenizer,
 * taught by full-parameter SFT from random weights to be an assistant that says it is {@code
 * oldName} and that answers the general-skill questions.
 */
public final class BaseModelBuilder {

  /** Optimizer steps of the default build. */
  public static final int DEFAULT_STEPS = 2000;

  /** The file that records how a model directory was built. */
  public static final String RECIPE_FILE = "postrain-base-model.json";

  private final PrintStream out;

  /**
   * @param out where progress goes
   */
  public BaseModelBuilder(PrintStream out) {
    this.out = out;
  }

  /** The architecture: 4 layers, hidden 192, 4 heads of 48, FFN 512, tied embeddings. */
  public static ModelConfig modelConfig() {
    return ModelConfigBuilder.tiny("qwen3")
        .numHiddenLayers(4)
        .hiddenSize(192)
        .numAttentionHeads(4)
        .numKeyValueHeads(4)
        .headDim(48)
        .intermediateSize(512)
        .tieWordEmbeddings(true)
        .maxPositionEmbeddings(512)
        .build();
  }

  /** SFT from scratch: lr 2e-3, 5% warm-up, cosine decay, batch 8, {@code steps} steps. */
  public static SftConfig sftConfig(int steps, long seed) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    return SftConfig.builder()
        .training(
            t ->
                t.learningRate(2e-3)
                    .warmupRatio(0.05)
                    .lrSchedulerType(LrSchedulerType.COSINE)
                    .perDeviceTrainBatchSize(8)
                    .gradientAccumulationSteps(1)
                    .numTrainEpochs(1000)
                    .maxSteps(steps)
                    .loggingSteps(Math.max(1, Math.min(20, steps / 10)))
                    .saveSteps(steps + 1)
                    .maxLength(256)
                    .weightDecay(0.0)
                    .seed(seed))
        .build();
  }

  /**
   * Builds, saves (bf16) and evaluates the base model.
   *
   * @param outDir where the model goes (replaced)
   * @param workDir scratch space (corpus, random init, trainer output)
   * @param seed the seed of the corpora, the initial weights and the data order
   * @param steps optimizer steps
   * @return the evaluation of the saved model on the held-out sets
   */
  public EvalReport build(Path outDir, Path workDir, long seed, int steps) {
    ScenarioNames names = ScenarioNames.DEFAULT;
    ScenarioSets sets = ScenarioSets.of(names, seed);
    List<SftRow> corpus = BaseModelCorpus.build(sets.identity(), sets.skills(), seed);
    ScenarioJsonl.writeMessages(workDir.resolve("base-model-sft.jsonl"), corpus);
    out.printf(
        "[base-model] corpus: %d rows (%d identity, %d skills), held out: %d identity, %d skills%n",
        corpus.size(),
        sets.identity().train().size(),
        sets.skills().train().size(),
        sets.identity().heldOut().size(),
        sets.skills().heldOut().size());
    Path init = workDir.resolve("random-init");
    RandomCheckpoint.write(init, modelConfig(), seed, "float32");
    Path trained = workDir.resolve("sft");
    long start = System.nanoTime();
    new SftTrainer(sftConfig(steps, seed), null)
        .train(
            init,
            toTrainer(corpus),
            trained,
            false,
            new ProgressPrinter(
                "base-model sft", List.of("loss", "mean_token_accuracy", "learning_rate"), out));
    out.printf(
        "[base-model] trained in %s%n",
        ProgressPrinter.duration(Duration.ofNanos(System.nanoTime() - start)));
    try (LanguageModel model = LanguageModel.load(trained)) {
      model.save(outDir, SafetensorsDtype.BF16);
    }
    writeRecipe(outDir, seed, steps);
    try (LanguageModel model = LanguageModel.load(outDir)) {
      HeldOutEval eval = HeldOutEval.of(sets, names, 0);
      return eval.run(
          new CountingAnswerer(new LocalAnswerer(model), eval.questions(), "base-model eval", out));
    }
  }

  /** The scenario rows as the trainer's conversational examples (prompt turns, answer). */
  static List<SftExample> toTrainer(List<SftRow> rows) {
    List<SftExample> out = new ArrayList<>();
    for (SftRow row : rows) {
      List<ChatMessage> prompt = new ArrayList<>();
      if (row.hasSystem()) {
        prompt.add(ChatMessage.system(row.system()));
      }
      prompt.add(ChatMessage.user(row.user()));
      out.add(new SftExample.Conversation(prompt, List.of(ChatMessage.assistant(row.assistant()))));
    }
    return out;
  }

  private static void writeRecipe(Path dir, long seed, int steps) {
    String json =
        "{\"command\": \"./postrain build-base-model --seed "
            + seed
            + " --steps "
            + steps
            + "\", \"seed\": "
            + seed
            + ", \"steps\": "
            + steps
            + "}\n";
    try {
      Files.writeString(dir.resolve(RECIPE_FILE), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(RECIPE_FILE), e);
    }
  }
}
