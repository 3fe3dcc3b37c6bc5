package io.postrain.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.postrain.data.SftExample;
import io.postrain.lm.Decoder;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.CheckpointWriter;
import io.postrain.lm.checkpoint.SafetensorsDtype;
import io.postrain.lm.tokenizer.ByteLevelTokenizerFiles;
import io.postrain.train.LoraConfig;
import io.postrain.train.SftConfig;
import io.postrain.train.SftTrainer;
import io.postrain.train.TrainingCancelledException;
import io.postrain.train.TrainingListener;
import io.postrain.train.TrainingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain bench train}: SFT training speed of a Qwen3-0.6B-shaped and a tiny random model,
 * full fine-tuning vs LoRA, through the real {@link SftTrainer} loop. Reports tokens/s (median of
 * the steps after the first), MFU (6 x weights multiplied per token x tokens/s over the f32 matmul
 * rate measured by {@link MachineRates} in the same run) and the peak RSS of each run.
 *
 * <p>The models are random checkpoints written once to a temporary directory (the large one in
 * bf16, 1.2 GB) and deleted at the end; the trainer is cancelled right after the measured steps, so
 * no checkpoint or final model is written.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Measure SFT training tokens/s and MFU, full fine-tuning vs LoRA.")
public final class BenchTrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--threads", description = "Intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--seq-len", defaultValue = "64", description = "Tokens per sequence.")
  int seqLen;

  @Option(names = "--batch", defaultValue = "1", description = "Sequences per step.")
  int batch;

  @Option(
      names = "--steps",
      defaultValue = "4",
      description = "Optimizer steps per run; the first is a warm-up, not counted.")
  int steps;

  @Option(names = "--lora-r", defaultValue = "8", description = "LoRA rank (alpha = 2 r).")
  int loraR;

  @Option(names = "--skip-large", description = "Measure the tiny model only.")
  boolean skipLarge;

  @Option(names = "--reps", defaultValue = "3", description = "Matmul-rate repetitions.")
  int reps;

  /** One measured training run. */
  record Run(String model, String mode, long weights, double tokensPerSecond, long peakRss) {}

  @Override
  public Integer call() throws IOException {
    if (seqLen < 2 || batch < 1 || steps < 2 || loraR < 1 || reps < 1) {
      throw new IllegalArgumentException(
          "--seq-len must be >= 2, --steps >= 2, --batch, --lora-r and --reps >= 1");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int n = threads == null ? cores : threads;
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    Engine.getInstance();
    JniUtils.setNumThreads(n);
    PrintWriter log = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    String loadBefore = BenchGenerateCommand.loadAverage();
    log.printf("bench train: %d cores, %d threads, load average %s%n", cores, n, loadBefore);
    log.flush();
    MachineRates rates;
    try (NDManager manager = NDManager.newBaseManager()) {
      rates = MachineRates.measure(manager, reps, 64L << 20, log);
    }
    List<Run> runs = new ArrayList<>();
    Path work = Files.createTempDirectory("postrain-bench-train");
    try {
      runs.addAll(measureModel("tiny", ModelConfigBuilder.tiny("qwen3").build(), work, log));
      if (!skipLarge) {
        ModelConfig large = BenchGenerateCommand.qwen3Small(seqLen);
        runs.addAll(measureModel("qwen3-0.6b-shape", large, work, log));
      }
    } finally {
      deleteTree(work);
    }
    printTable(out, runs, rates, cores, n, loadBefore);
    return 0;
  }

  private List<Run> measureModel(String name, ModelConfig config, Path work, PrintWriter log) {
    Path modelDir = work.resolve(name);
    boolean bf16 = config.hiddenSize() >= 512;
    writeRandomModel(modelDir, config, bf16 ? SafetensorsDtype.BF16 : SafetensorsDtype.F32);
    long weights = InMemoryModel.matmulWeightsPerToken(config);
    List<Run> runs = new ArrayList<>();
    LoraConfig lora = LoraConfig.builder().r(loraR).alpha(2.0 * loraR).dropout(0.0).build();
    runs.add(measureRun(name, "lora r" + loraR, modelDir, lora, weights, work, log));
    runs.add(measureRun(name, "full", modelDir, null, weights, work, log));
    deleteTree(modelDir);
    return runs;
  }

  private Run measureRun(
      String name,
      String mode,
      Path modelDir,
      LoraConfig lora,
      long weights,
      Path work,
      PrintWriter log) {
    System.gc();
    boolean reset = ProcessMemory.resetPeak();
    log.printf(
        "%s %s: %d steps of %d x %d tokens (peak RSS reset: %s, RSS now %.2f GB)%n",
        name, mode, steps, batch, seqLen, reset, ProcessMemory.rssBytes() / 1e9);
    log.flush();
    List<Double> speeds = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onLog(TrainingProgress p) {
            speeds.add(p.tokensPerSecond());
            log.printf("  step %d: %.2f tokens/s%n", p.step(), p.tokensPerSecond());
            log.flush();
          }

          @Override
          public boolean cancelled() {
            return speeds.size() >= steps;
          }
        };
    SftConfig config =
        SftConfig.builder()
            .training(
                t ->
                    t.perDeviceTrainBatchSize(batch)
                        .maxLength(seqLen)
                        .maxSteps(steps + 1)
                        .loggingSteps(1)
                        .saveSteps(1_000_000)
                        .learningRate(1e-5))
            .build();
    Path output = work.resolve(name + "-" + mode.replace(' ', '-') + "-out");
    try {
      new SftTrainer(config, lora).train(modelDir, examples(), output, false, listener);
      throw new IllegalStateException("training ended before the measured steps were cancelled");
    } catch (TrainingCancelledException expected) {
      // the measured steps are done; cancelling skips the final save
    } finally {
      deleteTree(output);
    }
    double[] timed = speeds.subList(1, speeds.size()).stream().mapToDouble(d -> d).toArray();
    return new Run(name, mode, weights, BenchMath.median(timed), ProcessMemory.peakRssBytes());
  }

  /** One example per micro-batch of the run, each longer than {@code seqLen} (truncated to it). */
  private List<SftExample> examples() {
    List<SftExample> data = new ArrayList<>();
    String text = "the quick brown fox jumps over the lazy dog. ".repeat(seqLen / 16 + 2);
    for (int i = 0; i < (steps + 1) * batch; i++) {
      data.add(new SftExample.PlainText("", i + " " + text));
    }
    return data;
  }

  /** Random N(0, 0.02) weights made natively, written with the byte-level tokenizer. */
  private static void writeRandomModel(Path dir, ModelConfig config, SafetensorsDtype dtype) {
    try (NDManager manager = NDManager.newBaseManager();
        Decoder decoder = InMemoryModel.randomDecoder(config, manager)) {
      CheckpointWriter.write(dir, config, decoder.parameters(), CheckpointWriter.Options.of(dtype));
    }
    ByteLevelTokenizerFiles.write(dir, config.maxPositionEmbeddings());
  }

  private void printTable(
      PrintWriter out, List<Run> runs, MachineRates rates, int cores, int n, String loadBefore) {
    out.printf(
        "machine: %d cores, %d threads, load average before %s, after %s%n",
        cores, n, loadBefore, BenchGenerateCommand.loadAverage());
    out.printf("matmul f32: %.1f GFLOP/s (best of the run's measurements)%n", rates.matmulGflops());
    out.printf(
        "SFT, batch %d x %d tokens, %d steps (first not counted), AdamW, lr 1e-5%n%n",
        batch, seqLen, steps);
    out.println("| model | mode | weights/token | tokens/s | MFU (6N) | peak RSS |");
    out.println("| --- | --- | --- | --- | --- | --- |");
    for (Run r : runs) {
      out.printf(
          "| %s | %s | %.1f M | %.2f | %.1f%% | %.2f GB |%n",
          r.model(),
          r.mode(),
          r.weights() / 1e6,
          r.tokensPerSecond(),
          100 * BenchMath.trainingMfu(r.weights(), r.tokensPerSecond(), rates.matmulGflops()),
          r.peakRss() / 1e9);
    }
    out.println();
    for (int i = 0; i + 1 < runs.size(); i += 2) {
      Run lora = runs.get(i);
      Run full = runs.get(i + 1);
      out.printf(
          "%s: time per token full / LoRA = %.2f%n",
          full.model(), lora.tokensPerSecond() / full.tokensPerSecond());
    }
    out.flush();
  }

  /** Deletes {@code root} and everything under it (nothing when it is absent). */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
