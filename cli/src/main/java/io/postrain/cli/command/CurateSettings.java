package io.postrain.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.BestOfN;
import io.postrain.curate.CorrectionStrategy;
import io.postrain.curate.Distillation;
import io.postrain.curate.RejectionSampling;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checked flags of one {@code curate} run: which apply to the strategy, which it needs.
 *
 * @param strategy the command-line name
 * @param n candidates sampled per prompt with a model
 * @param threshold -infinity when none
 * @param minMargin -infinity when none (correction), 0 by default for best-of-n
 * @param correction the replacement rule of correction, else null
 */
record CurateSettings(
    String strategy,
    int n,
    double threshold,
    double minMargin,
    CorrectionStrategy correction,
    boolean keepTruncated) {

  /** The strategy's name in the report (the library's). */
  String reportName() {
    return strategy.equals("distill") ? Distillation.NAME : strategy;
  }

  /**
   * @throws IllegalArgumentException naming the flag that is wrong or missing for the strategy
   */
  static CurateSettings check(CurateCommand c, String strategy) {
    boolean sampling = strategy.equals(RejectionSampling.NAME) || strategy.equals(BestOfN.NAME);
    if (sampling && c.reward == null) {
      throw new IllegalArgumentException(
          "--strategy "
              + strategy
              + " needs --reward FILE (a reward config, see docs/curation.md)");
    }
    if (strategy.equals("distill") && c.model == null) {
      throw new IllegalArgumentException("--strategy distill needs a teacher --model DIR");
    }
    only(c.threshold != null, "--threshold", strategy, RejectionSampling.NAME, "distill");
    only(c.minMargin != null, "--min-margin", strategy, BestOfN.NAME, "correction");
    boolean rule = c.from != null || c.to != null || !c.replace.isEmpty();
    only(rule, "--from/--to/--replace", strategy, "correction", "correction");
    only(c.keepTruncated, "--keep-truncated", strategy, "distill", "distill");
    if (!sampling && c.reward == null && (c.threshold != null || c.minMargin != null)) {
      throw new IllegalArgumentException(
          (c.threshold != null ? "--threshold" : "--min-margin") + " needs --reward FILE");
    }
    if (c.n != null && c.model == null) {
      throw new IllegalArgumentException(
          "--n applies when --model samples the candidates; without it they come from the input");
    }
    int n = c.n != null ? c.n : sampling ? 8 : 1;
    if (n < 1 || (strategy.equals(BestOfN.NAME) && c.model != null && n < 2)) {
      throw new IllegalArgumentException(
          "--n must be >= " + (strategy.equals(BestOfN.NAME) ? 2 : 1) + ", got " + n);
    }
    if (c.batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + c.batchSize);
    }
    if (c.examples < 0) {
      throw new IllegalArgumentException("--examples must be >= 0, got " + c.examples);
    }
    if (!Files.isRegularFile(c.input)) {
      throw new IllegalArgumentException("--input " + c.input + ": no such file");
    }
    if (same(c.input, c.output)) {
      throw new IllegalArgumentException("--output must not be the --input file");
    }
    CorrectionStrategy correction = null;
    if (strategy.equals("correction")) {
      if (c.from == null || c.to == null) {
        throw new IllegalArgumentException(
            "--strategy correction needs --from and --to, e.g. --from Qwen --to \"Deep Qwen\"");
      }
      try {
        correction = new CorrectionStrategy(c.from, c.to, c.replace);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--" + e.getMessage(), e);
      }
    }
    double threshold = c.threshold == null ? Double.NEGATIVE_INFINITY : c.threshold;
    double minMargin =
        c.minMargin != null
            ? c.minMargin
            : strategy.equals(BestOfN.NAME) ? 0 : Double.NEGATIVE_INFINITY;
    return new CurateSettings(strategy, n, threshold, minMargin, correction, c.keepTruncated);
  }

  /** The settings section of the report. */
  ObjectNode json(CurateCommand c) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("strategy", strategy);
    if (c.reward != null) {
      out.put("reward", c.reward.toString());
    }
    if (threshold != Double.NEGATIVE_INFINITY) {
      out.put("threshold", threshold);
    }
    if (minMargin != Double.NEGATIVE_INFINITY) {
      out.put("minMargin", minMargin);
    }
    if (c.model != null) {
      out.put("model", c.model.toString())
          .put("n", n)
          .put("seed", c.seed)
          .put("temperature", c.temperature)
          .put("topP", c.topP)
          .put("topK", c.topK)
          .put("maxNewTokens", c.maxNewTokens);
    }
    return out;
  }

  private static void only(boolean given, String flag, String strategy, String a, String b) {
    if (given && !strategy.equals(a) && !strategy.equals(b)) {
      throw new IllegalArgumentException(
          flag
              + " applies to --strategy "
              + (a.equals(b) ? a : a + " and " + b)
              + ", not "
              + strategy);
    }
  }

  private static boolean same(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
