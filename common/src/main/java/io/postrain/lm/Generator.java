package io.postrain.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continues prompts with a {@link Decoder}: every prompt x candidate is one row of a single
 * left-padded batch; one prefill over the prompts fills the {@link KvCache}, then each step feeds
 * one token per row. A row ends on a stop token (STOP) or after maxNewTokens (LENGTH); finished
 * rows are fed padding and ignored, and the loop ends when all rows have finished.
 *
 * <p>Dimensions: R = rows (prompts x n, row = prompt * n + candidate), P = longest prompt, V =
 * vocab, D = hidden.
 *
 * <p>Runs with autograd off on the calling thread (restored afterwards); each step's arrays live in
 * a sub-manager closed at the end of the step, and the output head runs on the last position only.
 */
public final class Generator {

  private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

  /** The token fed at padding positions and to finished rows; masked out, so any id works. */
  private static final long PAD = 0;

  /**
   * Generates {@code config.n()} continuations of every prompt.
   *
   * @param prompts token ids, each non-empty and within the vocabulary
   * @return per prompt, in order, its n sequences (candidate c at index c)
   */
  public List<List<GeneratedSequence>> generate(
      Decoder decoder, List<long[]> prompts, GenerationConfig config) {
    return generate(decoder, prompts, config, TokenListener.NONE);
  }

  /**
   * Generates {@code config.n()} continuations of every prompt, telling a listener of each token as
   * it is sampled.
   *
   * @param prompts token ids, each non-empty and within the vocabulary
   * @param listener told of each sampled token with its row (prompt x n + candidate)
   * @return per prompt, in order, its n sequences (candidate c at index c)
   */
  public List<List<GeneratedSequence>> generate(
      Decoder decoder, List<long[]> prompts, GenerationConfig config, TokenListener listener) {
    if (prompts.isEmpty()) {
      return List.of();
    }
    int longest = validatedLongest(prompts, decoder.config().vocabSize());
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return run(decoder, prompts, config, longest, listener);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  private List<List<GeneratedSequence>> run(
      Decoder decoder,
      List<long[]> prompts,
      GenerationConfig config,
      int longest,
      TokenListener listener) {
    int n = config.n();
    int rows = prompts.size() * n;
    Sampler sampler = Sampler.of(config);
    Set<Long> stops = new HashSet<>();
    config.stopTokenIds().forEach(id -> stops.add((long) id));
    Random[] randoms = new Random[rows];
    for (int r = 0; r < rows; r++) {
      randoms[r] = new Random(config.seed() + 0x9E3779B97F4A7C15L * (r % n));
    }
    long[][] generated = new long[rows][config.maxNewTokens()];
    int[] produced = new int[rows];
    FinishReason[] reasons = new FinishReason[rows];
    long[][] step = leftPadded(prompts, n, longest); // ids and mask, (R, T) flattened
    int active = rows;
    long start = System.nanoTime();
    NDManager weights = decoder.parameters().get("model.embed_tokens.weight").getManager();
    try (NDManager manager = weights.newSubManager();
        KvCache cache = new KvCache(decoder.config(), manager, longest + config.maxNewTokens())) {
      for (int s = 0; s < config.maxNewTokens() && active > 0; s++) {
        float[] logits = lastLogits(decoder, cache, manager, step, rows); // (R * V)
        int v = logits.length / rows;
        long[] next = new long[rows]; // (R) fed at the next step
        for (int r = 0; r < rows; r++) {
          if (reasons[r] != null) {
            next[r] = PAD;
            continue;
          }
          long token = sampler.sample(Arrays.copyOfRange(logits, r * v, (r + 1) * v), randoms[r]);
          generated[r][produced[r]++] = token;
          listener.onToken(r, token);
          next[r] = token;
          if (stops.contains(token)) {
            reasons[r] = FinishReason.STOP;
          } else if (produced[r] == config.maxNewTokens()) {
            reasons[r] = FinishReason.LENGTH;
          }
          active -= reasons[r] == null ? 0 : 1;
        }
        long[] ones = new long[rows];
        Arrays.fill(ones, 1);
        step = new long[][] {next, ones};
      }
    }
    LOG.debug(
        "generated {} rows from prompts of up to {} tokens in {} ms",
        rows,
        longest,
        (System.nanoTime() - start) / 1_000_000);
    return sequences(prompts, n, generated, produced, reasons);
  }

  /** Prompts x n as left-padded rows: {ids, mask}, each (R, P) flattened. */
  private static long[][] leftPadded(List<long[]> prompts, int n, int longest) {
    int rows = prompts.size() * n;
    long[] ids = new long[rows * longest]; // (R, P)
    long[] mask = new long[rows * longest]; // (R, P)
    for (int r = 0; r < rows; r++) {
      long[] prompt = prompts.get(r / n);
      int pad = longest - prompt.length;
      Arrays.fill(ids, r * longest, r * longest + pad, PAD);
      System.arraycopy(prompt, 0, ids, r * longest + pad, prompt.length);
      Arrays.fill(mask, r * longest + pad, (r + 1) * longest, 1);
    }
    return new long[][] {ids, mask};
  }

  /** Runs the step's tokens through the decoder; returns the last position's logits (R * V). */
  private static float[] lastLogits(
      Decoder decoder, KvCache cache, NDManager manager, long[][] step, int rows) {
    Shape shape = new Shape(rows, step[0].length / rows);
    try (NDManager stepManager = manager.newSubManager()) {
      NDArray ids = stepManager.create(step[0], shape); // (R, T)
      NDArray mask = stepManager.create(step[1], shape); // (R, T)
      NDArray hidden = decoder.hiddenStates(ids, mask, cache); // (R, T, D)
      NDArray last = hidden.get(new NDIndex(":, -1:, :")); // (R, 1, D)
      return decoder.logits(last).toFloatArray(); // (R, 1, V)
    }
  }

  private static List<List<GeneratedSequence>> sequences(
      List<long[]> prompts, int n, long[][] generated, int[] produced, FinishReason[] reasons) {
    List<List<GeneratedSequence>> result = new ArrayList<>();
    for (int p = 0; p < prompts.size(); p++) {
      List<GeneratedSequence> candidates = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        int r = p * n + c;
        candidates.add(
            new GeneratedSequence(
                prompts.get(p).length, Arrays.copyOf(generated[r], produced[r]), reasons[r]));
      }
      result.add(List.copyOf(candidates));
    }
    return List.copyOf(result);
  }

  private static int validatedLongest(List<long[]> prompts, int vocabSize) {
    int longest = 0;
    for (int p = 0; p < prompts.size(); p++) {
      long[] prompt = prompts.get(p);
      if (prompt == null || prompt.length == 0) {
        throw new IllegalArgumentException("prompt " + p + " is empty: at least one token needed");
      }
      for (long id : prompt) {
        if (id < 0 || id >= vocabSize) {
          throw new IllegalArgumentException(
              "prompt " + p + " holds token id " + id + ": accepted are 0.." + (vocabSize - 1));
        }
      }
      longest = Math.max(longest, prompt.length);
    }
    return longest;
  }
}
