package io.postrain.curate.filter;

import io.postrain.curate.Hash64;
import io.postrain.curate.Words;
import java.util.BitSet;
import java.util.Locale;

/**
 * Diversity-aware selection down to a target size: greedy farthest-point (k-center) over a cheap
 * text embedding.
 *
 * <p>The embedding is a hashed bag of words reduced to 64 bits by SimHash (Charikar 2002): every
 * lower-cased word votes +1 or -1 on each of 64 bits by the bits of its hash, and bit k is set when
 * the votes on it are positive. The Hamming distance of two such codes estimates the angle between
 * the two bag-of-words vectors (distance / 64 = angle / pi). 8 bytes a row.
 *
 * <p>Selection: the first row is the one with the smallest seeded hash of its index; then, {@code
 * target - 1} times, the row farthest (in Hamming distance) from every row chosen so far, ties to
 * the smallest seeded hash. Cost: rows x target distance updates (one XOR and one bit count each);
 * memory: one long and one byte a row. Rows are not scored for quality here: the filters before it
 * are the quality gate (Deita's quality x diversity would need a scorer model).
 */
public final class DiversitySelection {

  private final long seed;
  private long[] codes = new long[1024];
  private int size;

  public DiversitySelection(long seed) {
    this.seed = seed;
  }

  /** The 64-bit SimHash of a text's lower-cased words (0 for a text without words). */
  public static long simHash(String text) {
    int[] votes = new int[64];
    for (String word : Words.of(text.toLowerCase(Locale.ROOT))) {
      long h = Hash64.of(word);
      for (int k = 0; k < 64; k++) {
        votes[k] += ((h >>> k) & 1) == 1 ? 1 : -1;
      }
    }
    long code = 0;
    for (int k = 0; k < 64; k++) {
      if (votes[k] > 0) {
        code |= 1L << k;
      }
    }
    return code;
  }

  /** Adds the next candidate (candidates are numbered 0, 1, ... in the order added). */
  public void add(long code) {
    if (size == codes.length) {
      codes = java.util.Arrays.copyOf(codes, size * 2);
    }
    codes[size++] = code;
  }

  /** Candidates added. */
  public int size() {
    return size;
  }

  /** The indices of the chosen candidates: all when {@code target >= size}. */
  public BitSet select(int target) {
    BitSet chosen = new BitSet(size);
    if (target >= size) {
      chosen.set(0, size);
      return chosen;
    }
    byte[] distance = new byte[size]; // to the nearest chosen row, 0..64
    java.util.Arrays.fill(distance, Byte.MAX_VALUE);
    int next = 0;
    for (int i = 1; i < size; i++) {
      if (Long.compareUnsigned(tie(i), tie(next)) < 0) {
        next = i;
      }
    }
    for (int picked = 0; picked < target; picked++) {
      chosen.set(next);
      long code = codes[next];
      distance[next] = -1;
      int best = -1;
      int bestDistance = -1;
      long bestTie = 0;
      for (int i = 0; i < size; i++) {
        if (distance[i] < 0) {
          continue;
        }
        int d = Math.min(distance[i], Long.bitCount(codes[i] ^ code));
        distance[i] = (byte) d;
        if (d > bestDistance || (d == bestDistance && Long.compareUnsigned(tie(i), bestTie) < 0)) {
          best = i;
          bestDistance = d;
          bestTie = tie(i);
        }
      }
      next = best;
    }
    return chosen;
  }

  private long tie(int index) {
    return Hash64.mix(seed * 0x9E3779B97F4A7C15L + index);
  }
}
