package io.postrain.cli.command;

import io.postrain.cli.ModelDirectory;
import io.postrain.curate.LengthMeasure;
import io.postrain.curate.filter.BadSettingException;
import io.postrain.curate.filter.FilterReport;
import io.postrain.curate.filter.FilterSection;
import io.postrain.curate.filter.FilterSettings;
import io.postrain.curate.filter.Filtering;
import io.postrain.curate.filter.Refusals;
import io.postrain.events.Events;
import io.postrain.lm.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of {@code postrain curate --strategy filter} (a picocli mixin: {@code @Mixin
 * CurateFilter filter;}) and the run they drive. The input, output, report, model and seed are the
 * curate command's own options, handed to {@link #run}.
 */
public final class CurateFilter {

  @Option(
      names = "--min-length",
      defaultValue = "1",
      description =
          "Shortest row kept: tokens of the chat-templated row with --model, words"
              + " without (default: ${DEFAULT-VALUE}).")
  int minLength;

  @Option(
      names = "--max-length",
      description = "Longest row kept, in the same unit (default: no maximum).")
  Integer maxLength;

  @Option(
      names = "--target-size",
      description =
          "Keep at most this many rows, chosen for diversity (greedy farthest-point over"
              + " SimHash codes of each row's words).")
  Integer targetSize;

  @Option(
      names = "--refusals",
      description =
          "File of refusal/boilerplate phrases, one per line (# comments), replacing the"
              + " built-in list; see docs/curation.md.")
  Path refusals;

  @Option(names = "--no-refusals", description = "Do not drop rows for refusal phrases.")
  boolean noRefusals;

  @Option(
      names = "--max-repeated-line-fraction",
      defaultValue = "0.3",
      description =
          "Drop a row when a turn has more than this share of repeated lines (default:"
              + " ${DEFAULT-VALUE}; 1 = off).")
  double maxRepeatedLineFraction;

  @Option(
      names = "--repeated-ngram",
      defaultValue = "5",
      description = "n of the repeated word n-gram check (default: ${DEFAULT-VALUE}).")
  int repeatedNgram;

  @Option(
      names = "--max-repeated-ngram-fraction",
      defaultValue = "0.3",
      description =
          "Drop a row when a turn has more than this share of its words in repeated"
              + " n-grams (default: ${DEFAULT-VALUE}; 1 = off).")
  double maxRepeatedNgramFraction;

  @Option(names = "--keep-exact-duplicates", description = "Do not drop exact duplicates.")
  boolean keepExactDuplicates;

  @Option(names = "--keep-near-duplicates", description = "Do not drop MinHash near duplicates.")
  boolean keepNearDuplicates;

  /** Each setting's flag, for errors (the settings name their JSON field). */
  private static final Map<String, String> FLAGS =
      Map.of(
          "minLength", "--min-length",
          "maxLength", "--max-length",
          "targetSize", "--target-size",
          "refusals", "--refusals",
          "maxRepeatedLineFraction", "--max-repeated-line-fraction",
          "repeatedNgram", "--repeated-ngram",
          "maxRepeatedNgramFraction", "--max-repeated-ngram-fraction");

  /**
   * The settings these options give.
   *
   * @throws IllegalArgumentException naming the flag out of range
   */
  FilterSettings settings(long seed) {
    List<String> phrases =
        noRefusals ? List.of() : refusals == null ? Refusals.DEFAULTS : Refusals.read(refusals);
    try {
      return FilterSettings.builder()
          .seed(seed)
          .minLength(minLength)
          .maxLength(maxLength)
          .targetSize(targetSize)
          .refusals(phrases)
          .maxRepeatedLineFraction(maxRepeatedLineFraction)
          .repeatedNgram(repeatedNgram)
          .maxRepeatedNgramFraction(maxRepeatedNgramFraction)
          .exactDuplicates(!keepExactDuplicates)
          .nearDuplicates(!keepNearDuplicates)
          .build();
    } catch (BadSettingException e) {
      String flag = FLAGS.getOrDefault(e.field(), e.field());
      throw new IllegalArgumentException(
          flag + ": " + e.getMessage().replaceFirst("^" + e.field() + " ", ""), e);
    }
  }

  /**
   * Filters {@code input} into {@code output}: progress on {@code err}, one line per filter on
   * {@code out} (or the JSON report when {@code json}), the JSON report (one section per filter) in
   * {@code report} when given.
   *
   * @param model a checkpoint whose tokenizer and chat template measure lengths, or null (words)
   * @return the exit code, 0 (bad input throws IllegalArgumentException: exit 2 through Main)
   */
  public static int run(
      CurateFilter options,
      Path input,
      Path output,
      Path report,
      Path model,
      long seed,
      boolean json,
      PrintWriter out,
      PrintWriter err) {
    FilterSettings settings = options.settings(seed);
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("--input " + input + ": no such file");
    }
    FilterReport result;
    if (model != null) {
      try (Tokenizer tokenizer = ModelDirectory.tokenizer(model)) {
        result = filter(settings, LengthMeasure.tokens(tokenizer), input, output, err);
      }
    } else {
      result = filter(settings, LengthMeasure.words(), input, output, err);
    }
    if (report != null) {
      try {
        Files.writeString(report, Events.toJson(result.toJson()) + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write --report " + report + ": " + e, e);
      }
    }
    if (json) {
      out.println(Events.toJson(result.toJson()));
      out.flush();
      return 0;
    }
    out.printf(
        "%s: %d rows, kept %d, removed %d (%.1f s)%n",
        input, result.rows(), result.kept(), result.rows() - result.kept(), result.seconds());
    for (FilterSection s : result.sections()) {
      String first =
          s.examples().isEmpty()
              ? ""
              : "  e.g. line " + s.examples().get(0).line() + ": " + s.examples().get(0).why();
      out.printf("  %-16s removed %6d%s%n", s.name(), s.removed(), first);
    }
    out.flush();
    return 0;
  }

  private static FilterReport filter(
      FilterSettings settings, LengthMeasure measure, Path input, Path output, PrintWriter err) {
    return Filtering.run(
        settings,
        measure,
        input,
        output,
        line -> {
          err.println(line);
          err.flush();
        });
  }
}
