package io.postrain.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Samplers against hand-computed distributions. */
class SamplerTest {

  static final int DRAWS = 20_000;

  /** logits = ln p, so softmax(logits) = p. */
  static float[] logitsOf(double... p) {
    float[] l = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      l[i] = (float) Math.log(p[i]);
    }
    return l;
  }

  static double[] frequencies(Sampler sampler, float[] logits, long seed) {
    Random random = new Random(seed);
    double[] f = new double[logits.length];
    for (int i = 0; i < DRAWS; i++) {
      f[sampler.sample(logits, random)] += 1.0 / DRAWS;
    }
    return f;
  }

  static void assertFrequencies(double[] got, double... want) {
    for (int i = 0; i < want.length; i++) {
      assertThat(got[i]).as("token %d", i).isCloseTo(want[i], within(0.015));
    }
  }

  @Test
  void greedyPicksTheFirstLargest() {
    assertThat(new GreedySampler().sample(new float[] {0.1f, 3f, -2f, 3f}, null)).isEqualTo(1);
  }

  @Test
  void temperatureOneSamplesTheSoftmax() {
    float[] logits = logitsOf(0.5, 0.3, 0.15, 0.05);
    assertFrequencies(
        frequencies(new TemperatureSampler(1, 0, 1), logits, 1), 0.5, 0.3, 0.15, 0.05);
  }

  @Test
  void temperatureTwoFlattensAsPToTheHalf() {
    float[] logits = logitsOf(0.5, 0.3, 0.15, 0.05);
    double[] sqrt = {Math.sqrt(0.5), Math.sqrt(0.3), Math.sqrt(0.15), Math.sqrt(0.05)};
    double z = Arrays.stream(sqrt).sum();
    assertFrequencies(
        frequencies(new TemperatureSampler(2, 0, 1), logits, 2),
        sqrt[0] / z,
        sqrt[1] / z,
        sqrt[2] / z,
        sqrt[3] / z);
  }

  @Test
  void topKRenormalisesOverTheKLargest() {
    float[] logits = logitsOf(0.3, 0.5, 0.05, 0.15);
    assertFrequencies(frequencies(new TemperatureSampler(1, 2, 1), logits, 3), 0.375, 0.625, 0, 0);
  }

  @Test
  void topPKeepsTokensWhosePrecedingMassIsBelowP() {
    float[] logits = logitsOf(0.5, 0.3, 0.15, 0.05);
    // preceding mass: 0, 0.5, 0.8, 0.95 -> p = 0.79 keeps 2 tokens, 0.81 keeps 3
    assertFrequencies(
        frequencies(new TemperatureSampler(1, 0, 0.79), logits, 4), 0.625, 0.375, 0, 0);
    assertFrequencies(
        frequencies(new TemperatureSampler(1, 0, 0.81), logits, 5),
        0.5 / 0.95,
        0.3 / 0.95,
        0.15 / 0.95,
        0);
  }

  @Test
  void topPOnALargeVocabularyStaysInsideTheNucleus() {
    Random random = new Random(8);
    float[] logits = new float[20_000];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (3 * random.nextGaussian());
    }
    double[] p = new double[logits.length];
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(p[y], p[x]));
    Set<Integer> nucleus = new HashSet<>();
    double before = 0;
    for (int i : order) {
      if (before >= 0.5 * sum) {
        break;
      }
      nucleus.add(i);
      before += p[i];
    }
    Sampler sampler = new TemperatureSampler(1, 0, 0.5);
    Set<Integer> seen = new HashSet<>();
    Random draws = new Random(9);
    for (int i = 0; i < 1000; i++) {
      seen.add(sampler.sample(logits, draws));
    }
    assertThat(nucleus).containsAll(seen);
    assertThat(seen.size()).isGreaterThan(nucleus.size() / 2);
  }

  @Test
  void ofChoosesGreedyAtTemperatureZero() {
    assertThat(Sampler.of(GenerationConfig.greedy(1, null))).isInstanceOf(GreedySampler.class);
    assertThat(Sampler.of(new GenerationConfig(1, 0.7, 0, 1, 0, 1, null)))
        .isInstanceOf(TemperatureSampler.class);
  }
}
