package io.postrain.curate.filter;

import io.postrain.curate.Hash64;
import io.postrain.curate.Words;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Heavy repetition inside one text, the two measures of Gopher's quality filters (Rae et al. 2021):
 * the share of repeated lines, and the share of words covered by repeated word n-grams.
 */
final class Repetition {

  private Repetition() {}

  /**
   * The share of non-blank lines that repeat an earlier line (compared stripped): 0 for "a\nb\nc",
   * 2/3 for "a\na\na".
   */
  static double repeatedLineFraction(String text) {
    Set<String> seen = new HashSet<>();
    int lines = 0;
    int repeated = 0;
    for (String line : text.split("\n")) {
      String s = line.strip();
      if (s.isEmpty()) {
        continue;
      }
      lines++;
      if (!seen.add(s)) {
        repeated++;
      }
    }
    return lines == 0 ? 0 : (double) repeated / lines;
  }

  /**
   * The share of words (lower-cased {@link Words}) that lie inside at least one word n-gram
   * occurring more than once in the text; 0 when the text has fewer than n words.
   */
  static double repeatedNgramFraction(String text, int n) {
    List<String> words = Words.of(text.toLowerCase(Locale.ROOT));
    int grams = words.size() - n + 1;
    if (grams < 2) {
      return 0;
    }
    long[] keys = new long[grams];
    Map<Long, Integer> counts = new HashMap<>();
    for (int i = 0; i < grams; i++) {
      keys[i] = Hash64.of(String.join(" ", words.subList(i, i + n)));
      counts.merge(keys[i], 1, Integer::sum);
    }
    boolean[] covered = new boolean[words.size()];
    for (int i = 0; i < grams; i++) {
      if (counts.get(keys[i]) > 1) {
        for (int j = i; j < i + n; j++) {
          covered[j] = true;
        }
      }
    }
    int c = 0;
    for (boolean b : covered) {
      c += b ? 1 : 0;
    }
    return (double) c / words.size();
  }
}
