package io.postrain.curate.filter;

import io.postrain.curate.Hash64;
import io.postrain.curate.Words;
import java.util.List;
import java.util.Locale;

/**
 * MinHash signatures of word shingles, cut into bands for locality-sensitive hashing (Broder 1997;
 * Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets", ch. 3).
 *
 * <p>A text's shingles are its lower-cased {@link Words} taken {@code shingleWords} at a time (a
 * text with fewer words is one shingle). Permutation i maps a shingle's 64-bit hash h to {@code
 * mix(h ^ salt_i)}; the signature keeps each permutation's minimum. Two texts agree on one
 * permutation with probability equal to their Jaccard similarity J, so on a band of r rows with
 * probability J^r, and share at least one of b bands with probability
 *
 * <pre>P(J) = 1 - (1 - J^r)^b</pre>
 *
 * the S-curve of {@link #candidateProbability}. The filter uses 5-word shingles, 14 bands x 8 rows:
 * see docs/curation.md for the numbers and why.
 */
public final class MinHash {

  /** Words per shingle in the filter. */
  public static final int SHINGLE_WORDS = 5;

  /** Bands in the filter. */
  public static final int BANDS = 14;

  /** Rows (permutations) per band in the filter. */
  public static final int ROWS = 8;

  private final int shingleWords;
  private final int bands;
  private final int rows;
  private final long[] salts;

  /**
   * @param shingleWords words per shingle, at least 1
   * @param bands bands, at least 1
   * @param rows permutations per band, at least 1
   * @param seed seeds the permutations
   */
  public MinHash(int shingleWords, int bands, int rows, long seed) {
    if (shingleWords < 1 || bands < 1 || rows < 1) {
      throw new IllegalArgumentException("shingleWords, bands and rows must be >= 1");
    }
    this.shingleWords = shingleWords;
    this.bands = bands;
    this.rows = rows;
    this.salts = new long[bands * rows];
    for (int i = 0; i < salts.length; i++) {
      salts[i] = Hash64.mix(seed * 0x9E3779B97F4A7C15L + i + 1);
    }
  }

  /** The filter's MinHash: 5-word shingles, 14 bands x 8 rows. */
  public static MinHash forFilter(long seed) {
    return new MinHash(SHINGLE_WORDS, BANDS, ROWS, seed);
  }

  /** P(two texts of Jaccard similarity j share a band) = 1 - (1 - j^rows)^bands. */
  public static double candidateProbability(double jaccard, int bands, int rows) {
    return 1 - Math.pow(1 - Math.pow(jaccard, rows), bands);
  }

  /** The hashes of the text's shingles (repeats included; empty for a text without words). */
  public long[] shingles(String text) {
    List<String> words = Words.of(text.toLowerCase(Locale.ROOT));
    if (words.isEmpty()) {
      return new long[0];
    }
    long[] wordHashes = new long[words.size()];
    for (int i = 0; i < wordHashes.length; i++) {
      wordHashes[i] = Hash64.of(words.get(i));
    }
    int n = Math.min(shingleWords, wordHashes.length);
    long[] out = new long[wordHashes.length - n + 1];
    for (int i = 0; i < out.length; i++) {
      long h = 0;
      for (int j = 0; j < n; j++) {
        h = h * 0x100000001b3L + wordHashes[i + j];
      }
      out[i] = Hash64.mix(h);
    }
    return out;
  }

  /** The signature (bands x rows minima) of a text; all Long.MAX_VALUE for a text without words. */
  public long[] signature(String text) {
    long[] sig = new long[salts.length];
    java.util.Arrays.fill(sig, Long.MAX_VALUE);
    for (long h : shingles(text)) {
      for (int i = 0; i < sig.length; i++) {
        long v = Hash64.mix(h ^ salts[i]);
        if (v < sig[i]) {
          sig[i] = v;
        }
      }
    }
    return sig;
  }

  /** One key per band: a hash of the band's rows and the band's index. */
  public long[] bandKeys(long[] signature) {
    long[] keys = new long[bands];
    for (int b = 0; b < bands; b++) {
      long h = b + 1;
      for (int j = 0; j < rows; j++) {
        h = Hash64.mix(h * 0x9E3779B97F4A7C15L + signature[b * rows + j]);
      }
      keys[b] = h;
    }
    return keys;
  }

  /** The Jaccard estimate of two signatures: the share of permutations on which they agree. */
  public static double estimate(long[] a, long[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("signatures of different lengths");
    }
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return (double) same / a.length;
  }
}
