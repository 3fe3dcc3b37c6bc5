package io.postrain.lm.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.postrain.lm.Decoder;
import io.postrain.lm.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
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
   * @throws IllegalArgumentException when the config has stop strings (they need {@link
   *     #generate(Decoder, List, GenerationConfig, TokenListener, Function)})
   */
  public List<List<GeneratedSequence>> generate(
      Decoder decoder, List<long[]> prompts, GenerationConfig config, TokenListener listener) {
    return generate(decoder, prompts, config, listener, null);
  }

  /**
   * Generates as above; a row also ends once {@code decode} of its generated ids contains one of
   * the config's stop strings.
   *
   * @param decode the text of generated ids (special tokens skipped); may be null when the config
   *     has no stop strings
   */
  public List<List<GeneratedSequence>> generate(
      Decoder decoder,
      List<long[]> prompts,
      GenerationConfig config,
      TokenListener listener,
      Function<long[], String> decode) {
    if (prompts.isEmpty()) {
      return List.of();
    }
    if (!config.stopStrings().isEmpty() && decode == null) {
      throw new IllegalArgumentException("stop strings need a decode function to find them");
    }
    int longest = validatedLongest(prompts, decoder.config().vocabSize());
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return new Run(config, prompts.size() * config.n(), decode)
          .generate(decoder, prompts, longest, listener);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  /** The state of one generation: per row its tokens, log-probabilities and finish reason. */
  private static final class Run {
    final GenerationConfig config;
    final int rows;
    final Function<long[], String> decode;
    final Sampler sampler;
    final Set<Long> stops = new HashSet<>();
    final Random[] randoms;
    final long[][] generated;
    final int[] produced;
    final FinishReason[] reasons;
    final List<List<TokenLogprob>> logprobs = new ArrayList<>();

    Run(GenerationConfig config, int rows, Function<long[], String> decode) {
      this.config = config;
      this.rows = rows;
      this.decode = decode;
      this.sampler = Sampler.of(config);
      config.stopTokenIds().forEach(id -> stops.add((long) id));
      int n = config.n();
      randoms = new Random[rows];
      for (int r = 0; r < rows; r++) {
        randoms[r] = new Random(config.seed() + 0x9E3779B97F4A7C15L * (r % n));
        logprobs.add(new ArrayList<>());
      }
      generated = new long[rows][config.maxNewTokens()];
      produced = new int[rows];
      reasons = new FinishReason[rows];
    }

    List<List<GeneratedSequence>> generate(
        Decoder decoder, List<long[]> prompts, int longest, TokenListener listener) {
      long[][] step = leftPadded(prompts, config.n(), longest); // ids and mask, (R, T) flattened
      int active = rows;
      long start = System.nanoTime();
      NDManager weights = decoder.parameters().get("model.embed_tokens.weight").getManager();
      try (NDManager manager = weights.newSubManager();
          KvCache cache = new KvCache(decoder.config(), manager, longest + config.maxNewTokens())) {
        for (int s = 0; s < config.maxNewTokens() && active > 0; s++) {
          float[] logits = lastLogits(decoder, cache, manager, step, rows); // (R * V)
          long[] next = new long[rows]; // (R) fed at the next step
          for (int r = 0; r < rows; r++) {
            if (reasons[r] != null) {
              next[r] = PAD;
              continue;
            }
            next[r] = sample(r, logits, logits.length / rows, listener);
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
      return sequences(prompts);
    }

    /** Samples row r's next token from its logits (offset r * V) and notes whether it ended. */
    private long sample(int r, float[] logits, int v, TokenListener listener) {
      long token = sampler.sample(Arrays.copyOfRange(logits, r * v, (r + 1) * v), randoms[r]);
      if (config.hasLogprobs()) {
        logprobs.get(r).add(TokenLogprob.fromLogits(logits, r * v, v, token, config.topLogprobs()));
      }
      generated[r][produced[r]++] = token;
      listener.onToken(r, token);
      if (stops.contains(token) || reachedStopString(r)) {
        reasons[r] = FinishReason.STOP;
      } else if (produced[r] == config.maxNewTokens()) {
        reasons[r] = FinishReason.LENGTH;
      }
      return token;
    }

    private boolean reachedStopString(int r) {
      if (config.stopStrings().isEmpty()) {
        return false;
      }
      String text = decode.apply(Arrays.copyOf(generated[r], produced[r]));
      return config.stopStrings().stream().anyMatch(text::contains);
    }

    private List<List<GeneratedSequence>> sequences(List<long[]> prompts) {
      int n = config.n();
      List<List<GeneratedSequence>> result = new ArrayList<>();
      for (int p = 0; p < prompts.size(); p++) {
        List<GeneratedSequence> candidates = new ArrayList<>();
        for (int c = 0; c < n; c++) {
          int r = p * n + c;
          candidates.add(
              new GeneratedSequence(
                  prompts.get(p).length,
                  Arrays.copyOf(generated[r], produced[r]),
                  reasons[r],
                  logprobs.get(r)));
        }
        result.add(List.copyOf(candidates));
      }
      return List.copyOf(result);
    }
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
