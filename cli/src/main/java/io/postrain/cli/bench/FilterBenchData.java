package io.postrain.cli.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.Words;
import io.postrain.curate.filter.MinHash;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic open-set-like SFT file for {@code bench filter}, generated deterministically from a
 * seed: prompt-completion rows whose words follow a Zipf law over 8,000 made-up words, with planted
 * exact duplicates (case and spacing changed), near duplicates (1 to 3 words in 100 changed),
 * paraphrases (a third of the words replaced, two sentences swapped), refusals, repetitive rows and
 * blank answers. Each row's {@code id} says what it is: {@code b} distinct, {@code x} exact, {@code
 * n} near, {@code p} paraphrase, {@code r} refusal, {@code l} repetitive, {@code e} blank. Only the
 * 2,000 distinct rows (a reservoir) are held, to copy from.
 */
final class FilterBenchData {

  private static final int VOCAB = 8000;
  private static final int RECENT = 2000;
  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "an", "el", "is", "or", "um", "ta",
    "be", "ko", "ji", "fa"
  };

  /** What was planted, with the S-curve's expected recall for the near duplicates planted. */
  record Planted(
      long distinct, long exact, long near, long paraphrase, long other, double nearExpected) {}

  private final Random random;
  private final String[] vocab = new String[VOCAB];
  private final double[] cumulative = new double[VOCAB];
  private final List<Source> recent = new ArrayList<>();

  /** A distinct row kept to copy from: its prompt and the words of its answer. */
  private record Source(String prompt, List<String> words) {}

  FilterBenchData(long seed) {
    random = new Random(seed);
    double sum = 0;
    for (int i = 0; i < VOCAB; i++) {
      vocab[i] = word(i);
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    for (int i = 0; i < VOCAB; i++) {
      cumulative[i] /= sum;
    }
  }

  Planted write(Path file, int rows) throws IOException {
    long distinct = 0;
    long exact = 0;
    long near = 0;
    long paraphrase = 0;
    long other = 0;
    double nearExpected = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < rows; i++) {
        double kind = random.nextDouble();
        Source source = recent.isEmpty() ? null : recent.get(random.nextInt(recent.size()));
        String id;
        String prompt;
        String completion;
        if (source == null || kind < 0.70) {
          List<String> words = text(40 + random.nextInt(120));
          id = "b" + i;
          prompt = "Explain " + vocab[random.nextInt(200)] + " to a beginner.";
          completion = sentences(words);
          remember(new Source(prompt, words));
          distinct++;
        } else if (kind < 0.78) {
          id = "x" + i;
          prompt = source.prompt().toUpperCase(Locale.ROOT).replace(" ", "  ");
          completion = sentences(source.words()).toUpperCase(Locale.ROOT).replace(". ", ".   ");
          exact++;
        } else if (kind < 0.88) {
          int changes = Math.max(1, source.words().size() * (1 + random.nextInt(3)) / 100);
          List<String> copy = substitute(source.words(), changes);
          id = "n" + i;
          prompt = source.prompt();
          completion = sentences(copy);
          List<String> promptWords = Words.of(prompt);
          nearExpected +=
              MinHash.candidateProbability(
                  jaccard(concat(promptWords, source.words()), concat(promptWords, copy)),
                  MinHash.BANDS,
                  MinHash.ROWS);
          near++;
        } else if (kind < 0.93) {
          List<String> copy = substitute(source.words(), source.words().size() / 3);
          int half = copy.size() / 2;
          List<String> swapped = concat(copy.subList(half, copy.size()), copy.subList(0, half));
          id = "p" + i;
          prompt = source.prompt();
          completion = sentences(swapped);
          paraphrase++;
        } else {
          id = (kind < 0.97 ? "r" : kind < 0.99 ? "l" : "e") + i;
          prompt = "Explain " + vocab[random.nextInt(200)] + " to a beginner.";
          completion =
              kind < 0.97
                  ? "I'm sorry, but I can't help with " + String.join(" ", text(6)) + "."
                  : kind < 0.99 ? ("Buy " + vocab[i % VOCAB] + " now!\n").repeat(5) : " ";
          other++;
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("id", id).put("prompt", prompt).put("completion", completion);
        out.write(row.toString());
        out.newLine();
      }
    }
    return new Planted(distinct, exact, near, paraphrase, other, nearExpected);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private void remember(Source words) {
    if (recent.size() < RECENT) {
      recent.add(words);
    } else {
      recent.set(random.nextInt(RECENT), words);
    }
  }

  private List<String> text(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(zipf());
    }
    return out;
  }

  private List<String> substitute(List<String> words, int count) {
    List<String> out = new ArrayList<>(words);
    for (int i = 0; i < count; i++) {
      out.set(random.nextInt(out.size()), zipf());
    }
    return out;
  }

  private String zipf() {
    double u = random.nextDouble();
    int lo = 0;
    int hi = VOCAB - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return vocab[lo];
  }

  /** Words as sentences of 12, a paragraph break every 4 sentences. */
  private static String sentences(List<String> words) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      out.append(words.get(i));
      boolean end = i % 12 == 11 || i == words.size() - 1;
      out.append(end ? (i % 48 == 47 ? ".\n" : ". ") : " ");
    }
    return out.toString().strip();
  }

  /** Exact Jaccard of the 5-word shingle sets (lower case; the made-up words are one word each). */
  static double jaccard(List<String> a, List<String> b) {
    Set<String> sa = shingles(a);
    Set<String> sb = shingles(b);
    Set<String> both = new HashSet<>(sa);
    both.retainAll(sb);
    return (double) both.size() / (sa.size() + sb.size() - both.size());
  }

  private static Set<String> shingles(List<String> words) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 5 <= words.size(); i++) {
      out.add(String.join(" ", words.subList(i, i + 5)).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private String word(int i) {
    StringBuilder w = new StringBuilder();
    int n = i;
    do {
      w.append(SYLLABLES[n % SYLLABLES.length]);
      n /= SYLLABLES.length;
    } while (n > 0);
    return w.toString();
  }
}
