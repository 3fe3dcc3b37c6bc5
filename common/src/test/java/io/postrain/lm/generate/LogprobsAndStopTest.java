package io.postrain.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.postrain.lm.Decoder;
import io.postrain.lm.KvCacheTest;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.postrain.lm.template.ChatMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's log-probabilities against log-softmax computed by this test from the float64
 * reference decoder's logits of the same ids, and stop strings against a prefix search by hand.
 */
class LogprobsAndStopTest {

  static final ModelConfig CONFIG = GeneratorTest.CONFIG;
  static final long[] A = GeneratorTest.A;
  static NDManager manager;
  static Decoder decoder;
  final Generator generator = new Generator();

  @BeforeAll
  static void load() {
    manager = NDManager.newBaseManager();
    decoder = new Decoder(CONFIG, GeneratorTest.MODEL.ndArrays(manager));
  }

  @AfterAll
  static void free() {
    decoder.close();
    manager.close();
  }

  /** log_softmax of the reference's last-position logits after the given ids. */
  static double[] referenceLogSoftmax(long[] ids) {
    double[] logits = GeneratorTest.MODEL.reference().logits(ids)[ids.length - 1];
    double max = Arrays.stream(logits).max().orElseThrow();
    double sum = 0;
    for (double x : logits) {
      sum += Math.exp(x - max);
    }
    double logZ = max + Math.log(sum);
    return Arrays.stream(logits).map(x -> x - logZ).toArray();
  }

  /** Checks every token's log-prob and its top list against the reference at its position. */
  static void assertMatchesReference(GeneratedSequence s, int top) {
    long[] seq = A;
    long[] tokens = s.tokenIds();
    assertThat(s.logprobs()).hasSize(tokens.length);
    for (int t = 0; t < tokens.length; t++) {
      double[] expected = referenceLogSoftmax(seq);
      TokenLogprob lp = s.logprobs().get(t);
      assertThat(lp.tokenId()).isEqualTo(tokens[t]);
      assertThat(lp.logprob()).isCloseTo(expected[(int) tokens[t]], within(1e-4));
      List<Integer> ranked = new ArrayList<>();
      for (int i = 0; i < expected.length; i++) {
        ranked.add(i);
      }
      ranked.sort(Comparator.comparingDouble((Integer i) -> -expected[i]));
      assertThat(lp.top()).hasSize(top);
      for (int k = 0; k < top; k++) {
        assertThat(lp.top().get(k).tokenId()).isEqualTo((long) ranked.get(k));
        assertThat(lp.top().get(k).logprob()).isCloseTo(expected[ranked.get(k)], within(1e-4));
      }
      lp.top().stream()
          .filter(e -> e.tokenId() == lp.tokenId())
          .forEach(e -> assertThat(e.logprob()).isEqualTo(lp.logprob()));
      seq = KvCacheTest.append(seq, tokens[t]);
    }
  }

  @Test
  void greedyLogprobsAreTheReferenceLogSoftmaxAndTheChosenTokenRanksFirst() {
    GenerationConfig cfg = GenerationConfig.greedy(6, List.of()).withTopLogprobs(4);
    GeneratedSequence s = generator.generate(decoder, List.of(A), cfg).get(0).get(0);
    assertMatchesReference(s, 4);
    s.logprobs().forEach(lp -> assertThat(lp.top().get(0).tokenId()).isEqualTo(lp.tokenId()));
  }

  @Test
  void sampledLogprobsAreOfTheModelNotOfTheTemperature() {
    GenerationConfig cfg = new GenerationConfig(6, 3.0, 0, 1, 42, 2, List.of()).withTopLogprobs(3);
    List<GeneratedSequence> out = generator.generate(decoder, List.of(A), cfg).get(0);
    assertMatchesReference(out.get(0), 3);
    assertMatchesReference(out.get(1), 3);
    GenerationConfig plain = new GenerationConfig(6, 3.0, 0, 1, 42, 2, List.of());
    List<GeneratedSequence> without = generator.generate(decoder, List.of(A), plain).get(0);
    assertThat(without.get(0).tokenIds()).containsExactly(out.get(0).tokenIds());
    assertThat(without.get(0).logprobs()).isEmpty();
  }

  @Test
  void topZeroGivesOnlyTheChosenToken() {
    GenerationConfig cfg = GenerationConfig.greedy(3, List.of()).withTopLogprobs(0);
    GeneratedSequence s = generator.generate(decoder, List.of(A), cfg).get(0).get(0);
    assertMatchesReference(s, 0);
  }

  @Test
  void aStopStringEndsTheRowOnTheTokenThatCompletesIt() {
    Function<long[], String> decode =
        ids -> Arrays.stream(ids).mapToObj(i -> "<" + i + ">").collect(Collectors.joining());
    long[] greedy = GeneratorTest.referenceGreedy(A, 8);
    String stop = "<" + greedy[2] + "><" + greedy[3] + ">";
    int expected = 0; // the shortest prefix whose text contains the stop string, by hand
    while (!decode.apply(Arrays.copyOf(greedy, expected)).contains(stop)) {
      expected++;
    }
    GenerationConfig cfg = GenerationConfig.greedy(8, List.of()).withStopStrings(List.of(stop));
    GeneratedSequence s =
        generator.generate(decoder, List.of(A), cfg, TokenListener.NONE, decode).get(0).get(0);
    assertThat(s.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(s.tokenIds()).containsExactly(Arrays.copyOf(greedy, expected));
  }

  @Test
  void beforeStopCutsAtTheEarliestOccurrenceOfAnyStop() {
    assertThat(LanguageModel.beforeStop("one, two. three", List.of(".", ","))).isEqualTo("one");
    assertThat(LanguageModel.beforeStop("no stop here", List.of("#"))).isEqualTo("no stop here");
    assertThat(LanguageModel.beforeStop("abc", List.of())).isEqualTo("abc");
  }

  @Test
  void completionTextEndsBeforeTheStopString(@TempDir Path dir) {
    RandomCheckpoint.write(dir, ModelConfigBuilder.tiny("qwen3").build(), 7, "float32");
    try (LanguageModel lm = LanguageModel.load(dir)) {
      List<ChatMessage> chat = List.of(ChatMessage.user("Hi"));
      GenerationConfig greedy = GenerationConfig.greedy(16, List.of());
      Completion full = lm.generate(List.of(chat), greedy, false).get(0).get(0);
      String text = full.text();
      assertThat(text.length()).isGreaterThan(6);
      String stop = text.substring(3, 5);
      Completion cut =
          lm.generate(List.of(chat), greedy.withStopStrings(List.of(stop)), false).get(0).get(0);
      assertThat(cut.text()).isEqualTo(text.substring(0, text.indexOf(stop)));
      assertThat(cut.finishReason()).isEqualTo(FinishReason.STOP);
      long[] ids = full.tokenIds();
      int k = 0; // the shortest prefix of the full run whose text holds the stop string
      while (!lm.tokenizer().decode(Arrays.copyOf(ids, k), true).contains(stop)) {
        k++;
      }
      assertThat(cut.tokenIds()).containsExactly(Arrays.copyOf(ids, k));
    }
  }
}
