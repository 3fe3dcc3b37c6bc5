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
 * <p>Dimensions: R = rows (prompts x n), P = longest prompt, V = vocab, D = hidden.
 *
 * <p>Runs with autograd off on the calling thread (restored afterwards); each step's arrays live in
 * a sub-manager closed at the end of the step.
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
    if (prompts.isEmpty()) {
      return List.of();
    }
    int longest = validatedLongest(prompts, decoder.config().vocabSize());
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return run(decoder, prompts, config, longest);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  private List<List<GeneratedSequence>> run(
      Decoder decoder, List<long[]> prompts, GenerationConfig config, int longest) {
    int n = config.n();
    int rows = prompts.size() * n;
    Sampler sampler = Sampler.of(config);
    Set<Long> stops = new HashSet<>();
    config.stopTokenIds().forEach(id -> stops.add((long) id));
    Random[] randoms = new Random[rows];
    long[] ids = new long[rows * longest]; // (R, P) left-padded
    long[] mask = new long[rows * longest]; // (R, P)
    for (int r = 0; r < rows; r++) {
      randoms[r] = new Random(config.seed() + 0x9E3779B97F4A7C15L * (r % n));
      long[] prompt = prompts.get(r / n);
      int pad = longest - prompt.length;
      for (int i = 0; i < prompt.length; i++) {
        ids[r * longest + pad + i] = prompt[i];
        mask[r * longest + pad + i] = 1;
      }
    }
    long[][] generated = new long[rows][config.maxNewTokens()];
    int[] produced = new int[rows];
    FinishReason[] reasons = new FinishReason[rows];
    int active = rows;
    NDManager weights = decoder.parameters().get("model.embed_tokens.weight").getManager();
    long start = System.nanoTime();
    try (NDManager manager = weights.newSubManager();
        KvCache cache = new KvCache(decoder.config(), manager, longest + config.maxNewTokens())) {
      Shape shape = new Shape(rows, longest);
      for (int step = 0; step < config.maxNewTokens() && active > 0; step++) {
        float[] logits; // (R * V)
        try (NDManager stepManager = manager.newSubManager()) {
          NDArray stepIds = stepManager.create(ids, shape); // (R, T)
          NDArray stepMask = stepManager.create(mask, shape); // (R, T)
          NDArray hidden = decoder.hiddenStates(stepIds, stepMask, cache); // (R, T, D)
          NDArray last = hidden.get(new NDIndex(":, -1:, :")); // (R, 1, D)
          logits = decoder.logits(last).toFloatArray(); // (R, 1, V) copied
        }
        int v = logits.length / rows;
        for (int r = 0; r < rows; r++) {
          if (reasons[r] != null) {
            continue;
          }
          float[] row = Arrays.copyOfRange(logits, r * v, (r + 1) * v); // (V)
          long token = sampler.sample(row, randoms[r]);
          generated[r][produced[r]++] = token;
          if (stops.contains(token)) {
            reasons[r] = FinishReason.STOP;
          } else if (produced[r] == config.maxNewTokens()) {
            reasons[r] = FinishReason.LENGTH;
          }
          if (reasons[r] != null) {
            active--;
          }
        }
        ids = new long[rows]; // (R, 1) next tokens, padding for finished rows
        mask = new long[rows]; // (R, 1)
        for (int r = 0; r < rows; r++) {
          ids[r] = reasons[r] == null ? generated[r][produced[r] - 1] : PAD;
          mask[r] = 1;
        }
        shape = new Shape(rows, 1);
      }
    }
    LOG.debug(
        "generated {} rows, prompt length {}, in {} ms",
        rows,
        longest,
        (System.nanoTime() - start) / 1_000_000);
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
