package io.postrain.curate.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postrain.curate.DataRow;
import io.postrain.curate.LengthMeasure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * MinHash against exact Jaccard computed here independently; the banding's false-positive rate on
 * distinct rows and recall on near duplicates against the S-curve; determinism; diversity.
 */
class NearDuplicatesTest {

  /** Space-separated words w0 ... w(vocab-1); Words splits them the same way. */
  private static List<String> words(Random r, int n, int vocab) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("w" + r.nextInt(vocab));
    }
    return out;
  }

  /** The set of 5-word shingles, built without the library. */
  private static Set<String> shingles(List<String> words) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 5 <= words.size(); i++) {
      out.add(String.join(" ", words.subList(i, i + 5)));
    }
    return out;
  }

  private static double jaccard(List<String> a, List<String> b) {
    Set<String> sa = shingles(a);
    Set<String> sb = shingles(b);
    Set<String> both = new HashSet<>(sa);
    both.retainAll(sb);
    return (double) both.size() / (sa.size() + sb.size() - both.size());
  }

  private static List<String> substitute(Random r, List<String> text, int count) {
    List<String> out = new ArrayList<>(text);
    for (int i = 0; i < count; i++) {
      out.set(r.nextInt(out.size()), "x" + r.nextInt(1_000_000));
    }
    return out;
  }

  @Test
  void theS_curveAtHandComputedPoints() {
    // 1 - (1 - 0.5^8)^14 = 1 - (255/256)^14
    assertThat(MinHash.candidateProbability(0.5, 14, 8))
        .isCloseTo(1 - Math.pow(255.0 / 256, 14), within(1e-12))
        .isCloseTo(0.0533, within(1e-4));
    assertThat(MinHash.candidateProbability(0.8, 14, 8)).isCloseTo(0.9235, within(1e-4));
    assertThat(MinHash.candidateProbability(1.0, 14, 8)).isEqualTo(1.0);
  }

  @Test
  void minHashEstimatesExactJaccard() {
    Random r = new Random(7);
    MinHash mh = new MinHash(5, 1024, 1, 42);
    for (int k : new int[] {0, 1, 3, 6, 12, 25, 60}) {
      List<String> a = words(r, 80, 5000);
      List<String> b = substitute(r, a, k);
      double exact = jaccard(a, b);
      double estimate =
          MinHash.estimate(mh.signature(String.join(" ", a)), mh.signature(String.join(" ", b)));
      // The estimate is a mean of 1024 Bernoulli(J) draws: 4 standard errors.
      double bound = 4 * Math.sqrt(exact * (1 - exact) / 1024) + 1e-9;
      assertThat(estimate).as("substitutions %d, J %.3f", k, exact).isCloseTo(exact, within(bound));
    }
  }

  private static DataRow text(int line, List<String> words) {
    return FilteringTest.dataRow(line, "", String.join(" ", words));
  }

  /**
   * 300 distinct rows in 10 groups; the rows of a group share a 30-word preamble and each has 30
   * words of its own: exact Jaccard about 0.3 within a group, near 0 across. A row is falsely
   * removed when it shares a band with an earlier row; the expected count is at most the sum over
   * pairs of P(J) (union bound), computed from the exact Jaccard of every pair.
   */
  @Test
  void falsePositiveRateOnDistinctRowsStaysUnderTheBandingBound() {
    Random r = new Random(11);
    List<List<String>> preambles = new ArrayList<>();
    for (int g = 0; g < 10; g++) {
      preambles.add(words(r, 30, 20_000));
    }
    List<List<String>> texts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> t = new ArrayList<>(preambles.get(i % 10));
      t.addAll(words(r, 30, 20_000));
      texts.add(t);
    }
    double expected = 0;
    for (int j = 0; j < texts.size(); j++) {
      for (int i = 0; i < j; i++) {
        expected += MinHash.candidateProbability(jaccard(texts.get(i), texts.get(j)), 14, 8);
      }
    }
    List<DataRow> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(text(i + 1, texts.get(i)));
    }
    List<DataRow> kept = new ArrayList<>();
    FilterReport report =
        Filtering.run(FilterSettings.defaults(), LengthMeasure.words(), rows::iterator, kept::add);
    long removed = report.section("nearDuplicates").removed();
    double rate = removed / 300.0;
    // Within-group pairs: 10 x C(30,2) = 4350, J ~ 26/86 = 0.30, P(0.30) = 9.2e-4: about 4 rows.
    assertThat(expected).isBetween(1.0, 10.0);
    assertThat((double) removed).isLessThanOrEqualTo(expected + 4 * Math.sqrt(expected) + 1);
    assertThat(rate).isLessThan(0.05);
    assertThat(kept).hasSize(300 - (int) removed);
  }

  /**
   * Near duplicates (1 to 3 words substituted in 60) are removed about as often as the S-curve at
   * their exact Jaccard says; paraphrases (half the words replaced) almost never.
   */
  @Test
  void recallOnNearDuplicatesAndParaphrasesFollowsTheS_curve() {
    Random r = new Random(5);
    List<List<String>> bases = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      bases.add(words(r, 60, 50_000));
    }
    List<DataRow> rows = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      rows.add(text(i + 1, bases.get(i)));
    }
    double nearExpected = 0;
    double nearVariance = 0;
    for (int i = 0; i < 200; i++) {
      List<String> v = substitute(r, bases.get(i), 1 + i % 3);
      double p = MinHash.candidateProbability(jaccard(bases.get(i), v), 14, 8);
      nearExpected += p;
      nearVariance += p * (1 - p);
      rows.add(text(201 + i, v));
    }
    double paraphraseExpected = 0;
    for (int i = 0; i < 200; i++) {
      List<String> v = substitute(r, bases.get(i), 30);
      paraphraseExpected += MinHash.candidateProbability(jaccard(bases.get(i), v), 14, 8);
      rows.add(text(401 + i, v));
    }
    Set<Integer> kept = new HashSet<>();
    Filtering.run(
        FilterSettings.defaults(),
        LengthMeasure.words(),
        rows::iterator,
        row -> kept.add(row.line()));
    long baseRemoved = rows.subList(0, 200).stream().filter(x -> !kept.contains(x.line())).count();
    long nearRemoved =
        rows.subList(200, 400).stream().filter(x -> !kept.contains(x.line())).count();
    long paraphraseRemoved =
        rows.subList(400, 600).stream().filter(x -> !kept.contains(x.line())).count();
    assertThat(baseRemoved).isZero();
    // 1, 2 or 3 substitutions in 56 shingles: J from 0.84 down to 0.58; expected recall ~0.7.
    assertThat(nearExpected / 200).isBetween(0.6, 0.9);
    assertThat((double) nearRemoved)
        .isCloseTo(nearExpected, within(4 * Math.sqrt(nearVariance) + 1));
    assertThat(paraphraseExpected).isLessThan(1.0);
    assertThat(paraphraseRemoved).isLessThanOrEqualTo(3);
  }

  private static final String[][] TOPICS = {
    {"cat", "dog", "pet", "fur", "paw", "tail", "vet", "leash", "kitten", "puppy", "purr", "bark"},
    {
      "stock", "bond", "yield", "price", "market", "fund", "trade", "equity", "risk", "bank",
      "loan", "rate"
    },
    {
      "oven", "flour", "sugar", "bake", "dough", "salt", "butter", "knead", "yeast", "crust",
      "whisk", "egg"
    }
  };

  private static List<DataRow> topicRows(Random r) {
    List<DataRow> rows = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      String[] vocab = TOPICS[i % 3];
      StringBuilder t = new StringBuilder();
      for (int w = 0; w < 40; w++) {
        t.append(vocab[r.nextInt(vocab.length)]).append(w % 8 == 7 ? ".\n" : " ");
      }
      rows.add(FilteringTest.dataRow(i + 1, "Topic " + (i % 3), t.toString()));
    }
    return rows;
  }

  @Test
  void diversitySelectionTakesOneRowOfEachTopic() {
    List<DataRow> rows = topicRows(new Random(3));
    FilterSettings settings =
        FilterSettings.builder().targetSize(3).maxRepeatedNgramFraction(1).build();
    List<DataRow> kept = new ArrayList<>();
    FilterReport report =
        Filtering.run(settings, LengthMeasure.words(), () -> rows.iterator(), kept::add);
    assertThat(report.kept()).isEqualTo(3);
    assertThat(report.section("diversity").removed()).isEqualTo(15);
    assertThat(kept.stream().map(row -> (row.line() - 1) % 3).toList())
        .containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void theSameSeedKeepsTheSameRows() {
    List<DataRow> rows = topicRows(new Random(9));
    for (int i = 0; i < 18; i++) {
      rows.add(FilteringTest.dataRow(19 + i, "again", rows.get(i).completionText() + " extra"));
    }
    List<List<Integer>> runs = new ArrayList<>();
    for (long seed : new long[] {4, 4, 5}) {
      FilterSettings settings =
          FilterSettings.builder().seed(seed).targetSize(7).maxRepeatedNgramFraction(1).build();
      List<Integer> kept = new ArrayList<>();
      Filtering.run(settings, LengthMeasure.words(), rows::iterator, row -> kept.add(row.line()));
      runs.add(kept);
    }
    assertThat(runs.get(0)).hasSize(7).isEqualTo(runs.get(1));
    assertThat(runs.get(2)).hasSize(7);
  }
}
