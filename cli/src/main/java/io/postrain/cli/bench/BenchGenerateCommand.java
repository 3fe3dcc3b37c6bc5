package io.postrain.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.postrain.lm.Decoder;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain bench generate}: the machine's matmul rate and memory bandwidth, then prefill and
 * decode speed of a Qwen3-0.6B-shaped and a tiny random model built in memory, each against its
 * limit. Decode limit: bandwidth / (bytes of the weights multiplied per token); prefill limit:
 * matmul rate / (2 x weights x tokens FLOPs, the head on the last position only; attention scores
 * not counted). Progress on stderr, the table on stdout.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Measure prefill/decode speed against the machine's matmul and bandwidth limits.")
public final class BenchGenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--threads", description = "Intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--prompt-tokens", defaultValue = "128", description = "Prompt length.")
  int promptTokens;

  @Option(names = "--new-tokens", defaultValue = "32", description = "Tokens decoded.")
  int newTokens;

  @Option(names = "--skip-large", description = "Measure the tiny model only.")
  boolean skipLarge;

  @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions per figure.")
  int reps;

  @Option(
      names = "--uncached-steps-large",
      defaultValue = "4",
      description = "Decode steps without cache for the large model (each is a full prefill).")
  int uncachedStepsLarge;

  @Override
  public Integer call() {
    if (promptTokens < 1 || newTokens < 1 || reps < 1 || uncachedStepsLarge < 1) {
      throw new IllegalArgumentException(
          "--prompt-tokens, --new-tokens, --reps and --uncached-steps-large must be >= 1");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int n = threads == null ? cores : threads;
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    Engine.getInstance();
    JniUtils.setNumThreads(n);
    JniUtils.setGradMode(false);
    PrintWriter log = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    String loadBefore = loadAverage();
    log.printf("bench: %d cores, %d threads, load average %s%n", cores, n, loadBefore);
    log.flush();
    try (NDManager manager = NDManager.newBaseManager()) {
      MachineRates rates = MachineRates.measure(manager, reps, 512L << 20, log);
      StringBuilder rows = new StringBuilder();
      if (!skipLarge) {
        rows.append(
            row(
                "qwen3-0.6b-shape",
                qwen3Small(promptTokens + newTokens),
                manager,
                rates,
                uncachedStepsLarge,
                log));
      }
      ModelConfig tiny = ModelConfigBuilder.tiny("qwen3").build();
      rows.append(row("tiny", tiny, manager, rates, newTokens, log));
      out.printf(
          "machine: %d cores, %d threads, load average before %s, after %s%n",
          cores, n, loadBefore, loadAverage());
      out.printf(
          "matmul f32: %.1f GFLOP/s; read bandwidth: %.2f GB/s; in-place read+write: %.2f GB/s%n",
          rates.matmulGflops(), rates.readGbs(), rates.rmwGbs());
      out.printf("prompt %d tokens, %d new tokens, batch 1, greedy%n%n", promptTokens, newTokens);
      out.println(
          "| model | weights/token | prefill tok/s | prefill limit | % | decode tok/s (cache) |"
              + " decode limit | % | head share of decode | decode tok/s (no cache, steps) |");
      out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      out.print(rows);
      out.flush();
    }
    return 0;
  }

  private String row(
      String name,
      ModelConfig config,
      NDManager manager,
      MachineRates rates,
      int uncachedSteps,
      PrintWriter log) {
    log.printf("%s: building random weights in memory ...%n", name);
    log.flush();
    try (NDManager m = manager.newSubManager();
        Decoder decoder = InMemoryModel.randomDecoder(config, m)) {
      long weights = InMemoryModel.matmulWeightsPerToken(config);
      long head = InMemoryModel.headWeights(config);
      double prefillFlops = 2.0 * ((weights - head) * (double) promptTokens + head);
      double prefillLimit = promptTokens / (prefillFlops / (rates.matmulGflops() * 1e9));
      double decodeLimit = rates.readGbs() * 1e9 / (4.0 * weights);
      log.printf("%s: timing prefill and decode ...%n", name);
      log.flush();
      int prefillReps = name.equals("tiny") ? reps : Math.min(reps, 2);
      GenerationTimings t =
          GenerationTimings.measure(
              decoder, m, promptTokens, newTokens, Math.min(uncachedSteps, newTokens), prefillReps);
      return String.format(
          "| %s | %.1f M | %.1f | %.1f | %.0f%% | %.2f | %.2f | %.0f%% | %.0f%% | %.2f (%d) |%n",
          name,
          weights / 1e6,
          t.prefillTokensPerSecond(),
          prefillLimit,
          100 * t.prefillTokensPerSecond() / prefillLimit,
          t.cachedTokensPerSecond(),
          decodeLimit,
          100 * t.cachedTokensPerSecond() / decodeLimit,
          100 * t.headShare(),
          t.uncachedTokensPerSecond(),
          t.uncachedSteps());
    }
  }

  /**
   * Qwen3-0.6B's shape: 28 layers, D 1024, 16/8 heads of 128, FFN 3072, vocab 151936, tied; at
   * least {@code positions} positions.
   */
  static ModelConfig qwen3Small(int positions) {
    return ModelConfigBuilder.tiny("qwen3")
        .vocabSize(151_936)
        .hiddenSize(1024)
        .intermediateSize(3072)
        .numHiddenLayers(28)
        .numAttentionHeads(16)
        .numKeyValueHeads(8)
        .headDim(128)
        .maxPositionEmbeddings(Math.max(512, positions))
        .build();
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
