package io.postrain.curate.filter;

import io.postrain.curate.DataRow;
import io.postrain.curate.DataRows;
import io.postrain.curate.Hash64;
import io.postrain.curate.LengthMeasure;
import io.postrain.curate.Linter;
import io.postrain.data.DataFormat;
import io.postrain.lm.template.ChatMessage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Filters an open SFT or preference set for quality and diversity, streamed: rows are read one at a
 * time and kept rows written as they pass; only compact signatures stay in memory (per kept row one
 * exact-text hash and 14 band keys, 12 bytes each in open-addressing tables; with a target size one
 * more long and int).
 *
 * <p>The filters, in the order they run (a row is counted by the first that removes it):
 *
 * <ol>
 *   <li>{@code broken}: not JSON, or fits no layout;
 *   <li>{@code empty}: a blank turn, a blank rejected answer, chosen identical to rejected;
 *   <li>{@code length}: outside [minLength, maxLength] in the run's {@link LengthMeasure};
 *   <li>{@code repetition}: a turn with too many repeated lines or repeated word n-grams;
 *   <li>{@code refusals}: the answer holds a refusal or boilerplate phrase;
 *   <li>{@code exactDuplicates}: same normalised text as an earlier kept row;
 *   <li>{@code nearDuplicates}: shares a MinHash band with an earlier kept row ({@link MinHash});
 *   <li>{@code diversity}: not chosen by {@link DiversitySelection} for the target size (the rows
 *       that pass are then written in a second pass over the input).
 * </ol>
 */
public final class Filtering {

  private static final int PROGRESS_EVERY = 10_000;

  private final FilterSettings settings;
  private final LengthMeasure measure;
  private final Consumer<String> progress;
  private final List<String> refusals;
  private final MinHash minHash;
  private final LongIntMap exactSeen = new LongIntMap();
  private final LongIntMap bandSeen = new LongIntMap();
  private final DiversitySelection diversity;
  private int[] candidateLines = new int[1024];

  private final FilterSection broken =
      new FilterSection("broken", "rows that are not JSON or fit no layout");
  private final FilterSection empty =
      new FilterSection("empty", "a blank turn, a blank rejected answer, chosen == rejected");
  private final FilterSection length = new FilterSection("length", "row length within bounds");
  private final FilterSection repetition =
      new FilterSection("repetition", "repeated lines and repeated word n-grams in a turn");
  private final FilterSection refusal =
      new FilterSection("refusals", "refusal and boilerplate phrases in the answer");
  private final FilterSection exact =
      new FilterSection("exactDuplicates", "same text (NFKC, lower case, spaces collapsed)");
  private final FilterSection near =
      new FilterSection("nearDuplicates", "MinHash over word shingles with LSH banding");
  private final FilterSection diverse =
      new FilterSection("diversity", "greedy farthest-point selection over 64-bit SimHash codes");

  private long rows;
  private long passed;

  private Filtering(FilterSettings settings, LengthMeasure measure, Consumer<String> progress) {
    this.settings = settings;
    this.measure = measure;
    this.progress = progress;
    this.refusals = settings.refusals().stream().map(Refusals::fold).toList();
    this.minHash = MinHash.forFilter(settings.seed());
    this.diversity = new DiversitySelection(settings.seed());
    describe();
  }

  /** Filters {@code input} into {@code output}, lengths in words. */
  public static FilterReport run(FilterSettings settings, Path input, Path output) {
    return run(settings, LengthMeasure.words(), input, output, message -> {});
  }

  /**
   * Filters a JSONL file (any TRL layout) into {@code output}, each kept line written as it was.
   *
   * @param progress receives a line every 10,000 rows and at each phase
   * @throws io.postrain.data.DatasetFormatException when no row of the file fits a layout
   */
  public static FilterReport run(
      FilterSettings settings,
      LengthMeasure measure,
      Path input,
      Path output,
      Consumer<String> progress) {
    long start = System.nanoTime();
    Filtering f = new Filtering(settings, measure, progress);
    DataFormat format;
    try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      Consumer<DataRow> write = row -> writeLine(out, row.json());
      format =
          DataRows.forEach(
              input,
              row -> {
                if (f.offer(row) && settings.targetSize() == null) {
                  write.accept(row);
                }
              });
      if (settings.targetSize() != null) {
        BitSet lines = f.select();
        progress.accept("filter: writing the " + lines.cardinality() + " selected rows");
        copyLines(input, lines, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
    return f.report(format.name(), start);
  }

  /**
   * Filters a stream of rows (e.g. from a database); {@code rows} is called once, or twice with a
   * target size (the second pass hands the selected rows to {@code kept}, in order).
   */
  public static FilterReport run(
      FilterSettings settings,
      LengthMeasure measure,
      Supplier<Iterator<DataRow>> rows,
      Consumer<DataRow> kept) {
    long start = System.nanoTime();
    Filtering f = new Filtering(settings, measure, message -> {});
    for (Iterator<DataRow> it = rows.get(); it.hasNext(); ) {
      DataRow row = it.next();
      if (f.offer(row) && settings.targetSize() == null) {
        kept.accept(row);
      }
    }
    if (settings.targetSize() != null) {
      BitSet lines = f.select();
      for (Iterator<DataRow> it = rows.get(); it.hasNext(); ) {
        DataRow row = it.next();
        if (lines.get(row.line())) {
          kept.accept(row);
        }
      }
    }
    return f.report(null, start);
  }

  /** Runs every filter but the diversity selection on a row; true when it passes them all. */
  private boolean offer(DataRow row) {
    rows++;
    if (rows % PROGRESS_EVERY == 0) {
      progress.accept("filter: " + rows + " rows read, " + passed + " passed");
    }
    if (!passes(row)) {
      return false;
    }
    passed++;
    if (settings.targetSize() != null) {
      int index = diversity.size();
      if (index == candidateLines.length) {
        candidateLines = java.util.Arrays.copyOf(candidateLines, index * 2);
      }
      candidateLines[index] = row.line();
      diversity.add(DiversitySelection.simHash(RowText.content(row)));
    }
    return true;
  }

  private boolean passes(DataRow row) {
    int line = row.line();
    if (row.broken()) {
      broken.remove(line, row.error());
      return false;
    }
    String why = Linter.emptyOrIdentical(row);
    if (why != null) {
      empty.remove(line, why);
      return false;
    }
    if ((why = lengthProblem(row)) != null) {
      length.remove(line, why);
      return false;
    }
    if ((why = repetitionProblem(row)) != null) {
      repetition.remove(line, why);
      return false;
    }
    String phrase = Refusals.find(row.completionText(), refusals);
    if (phrase != null) {
      refusal.remove(line, "the answer says \"" + phrase + "\"");
      return false;
    }
    long textHash = Hash64.of(RowText.normalised(RowText.of(row)));
    if (settings.exactDuplicates()) {
      int first = exactSeen.get(textHash, -1);
      if (first >= 0) {
        exact.remove(line, "same text as line " + first);
        return false;
      }
    }
    long[] bands =
        settings.nearDuplicates()
            ? minHash.bandKeys(minHash.signature(RowText.content(row)))
            : new long[0];
    for (int b = 0; b < bands.length; b++) {
      int first = bandSeen.get(bands[b], -1);
      if (first >= 0) {
        near.remove(line, "shares MinHash band " + b + " with line " + first);
        return false;
      }
    }
    if (settings.exactDuplicates()) {
      exactSeen.put(textHash, line);
    }
    for (long key : bands) {
      bandSeen.put(key, line);
    }
    return true;
  }

  private String lengthProblem(DataRow row) {
    int n = measure.of(row.turns());
    Integer max = settings.maxLength();
    if (n < settings.minLength() || (max != null && n > max)) {
      return n
          + " "
          + measure.unit()
          + ", outside ["
          + settings.minLength()
          + ", "
          + (max == null ? "no maximum" : max)
          + "]";
    }
    return null;
  }

  private String repetitionProblem(DataRow row) {
    for (ChatMessage turn : row.turns()) {
      double lines = Repetition.repeatedLineFraction(turn.content());
      if (lines > settings.maxRepeatedLineFraction()) {
        return String.format(
            "%s turn: %.2f of its lines are repeats (max %.2f)",
            turn.role(), lines, settings.maxRepeatedLineFraction());
      }
      double grams = Repetition.repeatedNgramFraction(turn.content(), settings.repeatedNgram());
      if (grams > settings.maxRepeatedNgramFraction()) {
        return String.format(
            "%s turn: %.2f of its words are in repeated %d-grams (max %.2f)",
            turn.role(), grams, settings.repeatedNgram(), settings.maxRepeatedNgramFraction());
      }
    }
    return null;
  }

  /** The lines of the rows chosen for the target size. */
  private BitSet select() {
    int target = settings.targetSize();
    progress.accept(
        "filter: choosing "
            + Math.min(target, diversity.size())
            + " of "
            + diversity.size()
            + " rows for diversity");
    BitSet chosen = diversity.select(target);
    BitSet lines = new BitSet();
    for (int i = 0; i < diversity.size(); i++) {
      if (chosen.get(i)) {
        lines.set(candidateLines[i]);
      } else {
        diverse.remove(candidateLines[i], "not among the " + target + " most diverse rows");
      }
    }
    return lines;
  }

  private FilterReport report(String format, long start) {
    long kept = passed - diverse.removed();
    return new FilterReport(
        rows,
        kept,
        format,
        measure.unit(),
        settings.seed(),
        List.of(broken, empty, length, repetition, refusal, exact, near, diverse),
        (System.nanoTime() - start) / 1e9);
  }

  private void describe() {
    length.settings().put("unit", measure.unit()).put("min", settings.minLength());
    if (settings.maxLength() != null) {
      length.settings().put("max", settings.maxLength());
    }
    repetition
        .settings()
        .put("maxRepeatedLineFraction", settings.maxRepeatedLineFraction())
        .put("repeatedNgram", settings.repeatedNgram())
        .put("maxRepeatedNgramFraction", settings.maxRepeatedNgramFraction());
    refusal.settings().put("phrases", settings.refusals().size());
    exact.settings().put("enabled", settings.exactDuplicates());
    near.settings()
        .put("enabled", settings.nearDuplicates())
        .put("shingleWords", MinHash.SHINGLE_WORDS)
        .put("bands", MinHash.BANDS)
        .put("rows", MinHash.ROWS);
    var curve = near.settings().putObject("candidateProbability");
    for (double j : new double[] {0.3, 0.5, 0.6, 0.7, 0.8, 0.9}) {
      double p = MinHash.candidateProbability(j, MinHash.BANDS, MinHash.ROWS);
      curve.put(String.format("J=%.1f", j), Math.round(p * 10_000) / 10_000.0);
    }
    if (settings.targetSize() != null) {
      diverse.settings().put("targetSize", settings.targetSize());
    }
  }

  private static void copyLines(Path input, BitSet lines, BufferedWriter out) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (lines.get(lineNo)) {
          out.write(line);
          out.newLine();
        }
      }
    }
  }

  private static void writeLine(BufferedWriter out, String line) {
    try {
      out.write(line);
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the output: " + e.getMessage(), e);
    }
  }
}
