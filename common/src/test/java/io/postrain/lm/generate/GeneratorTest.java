package io.postrain.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.postrain.lm.Decoder;
import io.postrain.lm.DecoderTest;
import io.postrain.lm.KvCacheTest;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ReferenceDecoder;
import io.postrain.lm.TinyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generation against greedy decoding by the float64 reference, and sampling invariants. */
class GeneratorTest {

  static final ModelConfig CONFIG = TinyModel.config("qwen3", 4, 2, 6, true, false);
  static final TinyModel MODEL = TinyModel.random(CONFIG, 11);
  static final long[] A = DecoderTest.LONG;
  static final long[] B = DecoderTest.SHORT;
  static NDManager manager;
  static Decoder decoder;
  final Generator generator = new Generator();

  @BeforeAll
  static void load() {
    manager = NDManager.newBaseManager();
    decoder = new Decoder(CONFIG, MODEL.ndArrays(manager));
  }

  @AfterAll
  static void free() {
    decoder.close();
    manager.close();
  }

  /** Greedy continuation by full float64 recomputation at every step. */
  static long[] referenceGreedy(long[] prompt, int steps) {
    ReferenceDecoder ref = MODEL.reference();
    long[] seq = prompt;
    long[] out = new long[steps];
    for (int s = 0; s < steps; s++) {
      double[] last = ref.logits(seq)[seq.length - 1];
      int best = 0;
      for (int i = 1; i < last.length; i++) {
        if (last[i] > last[best]) {
          best = i;
        }
      }
      out[s] = best;
      seq = KvCacheTest.append(seq, best);
    }
    return out;
  }

  static GenerationConfig sampling(long seed, int topK, double topP, int n) {
    return new GenerationConfig(6, 1.0, topK, topP, seed, n, List.of());
  }

  @Test
  void greedyBatchMatchesReferenceAndOneAtATime() {
    GenerationConfig greedy = GenerationConfig.greedy(8, List.of());
    List<List<GeneratedSequence>> batch = generator.generate(decoder, List.of(A, B), greedy);
    assertThat(batch.get(0).get(0).tokenIds()).containsExactly(referenceGreedy(A, 8));
    assertThat(batch.get(1).get(0).tokenIds()).containsExactly(referenceGreedy(B, 8));
    assertThat(batch.get(0).get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(batch.get(1).get(0).promptTokens()).isEqualTo(B.length);
    assertThat(generator.generate(decoder, List.of(B), greedy).get(0)).isEqualTo(batch.get(1));
  }

  @Test
  void stopTokenEndsGenerationAndIsIncluded() {
    long[] greedy = referenceGreedy(A, 8);
    long stop = greedy[3];
    int first = 0;
    while (greedy[first] != stop) {
      first++;
    }
    GenerationConfig cfg = GenerationConfig.greedy(8, List.of(999, (int) stop));
    List<List<GeneratedSequence>> out = generator.generate(decoder, List.of(A, B), cfg);
    GeneratedSequence a = out.get(0).get(0);
    assertThat(a.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(a.tokenIds()).hasSize(first + 1).endsWith(stop);
    long[] b = out.get(1).get(0).tokenIds();
    boolean stopped = b.length < 8 || b[b.length - 1] == stop;
    assertThat(out.get(1).get(0).finishReason())
        .isEqualTo(stopped ? FinishReason.STOP : FinishReason.LENGTH);
  }

  @Test
  void sameSeedSameSamplesDifferentSeedDifferentSamples() {
    List<List<GeneratedSequence>> one =
        generator.generate(decoder, List.of(A), sampling(5, 0, 1, 3));
    List<List<GeneratedSequence>> two =
        generator.generate(decoder, List.of(A), sampling(5, 0, 1, 3));
    List<List<GeneratedSequence>> other =
        generator.generate(decoder, List.of(A), sampling(6, 0, 1, 3));
    assertThat(one).isEqualTo(two);
    assertThat(one.get(0)).hasSize(3).doesNotHaveDuplicates();
    assertThat(other).isNotEqualTo(one);
  }

  @Test
  void listenerHearsEveryTokenOfEveryRowInOrder() {
    GenerationConfig config = sampling(5, 0, 1, 2);
    List<List<Long>> heard = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      heard.add(new ArrayList<>());
    }
    List<List<GeneratedSequence>> result =
        generator.generate(
            decoder, List.of(A, B), config, (row, token) -> heard.get(row).add(token));
    for (int p = 0; p < 2; p++) {
      for (int c = 0; c < 2; c++) {
        assertThat(heard.get(p * 2 + c))
            .containsExactly(
                Arrays.stream(result.get(p).get(c).tokenIds()).boxed().toArray(Long[]::new));
      }
    }
    assertThat(generator.generate(decoder, List.of(A, B), config)).isEqualTo(result);
  }

  @Test
  void samplesDoNotDependOnBatchComposition() {
    List<GeneratedSequence> alone =
        generator.generate(decoder, List.of(B), sampling(3, 0, 1, 2)).get(0);
    List<GeneratedSequence> batched =
        generator.generate(decoder, List.of(A, B), sampling(3, 0, 1, 2)).get(1);
    assertThat(batched).isEqualTo(alone);
  }

  @Test
  void topKOneAndTinyTopPAreGreedy() {
    List<List<GeneratedSequence>> greedy =
        generator.generate(decoder, List.of(A, B), GenerationConfig.greedy(6, List.of()));
    assertThat(generator.generate(decoder, List.of(A, B), sampling(1, 1, 1, 1))).isEqualTo(greedy);
    assertThat(generator.generate(decoder, List.of(A, B), sampling(1, 0, 1e-6, 1)))
        .isEqualTo(greedy);
  }

  @Test
  void restoresGradModeAndFreesEveryStepArray() {
    generator.generate(decoder, List.of(A), sampling(1, 5, 0.9, 1)); // rotary tables exist now
    int before = manager.getManagedArrays().size();
    JniUtils.setGradMode(true);
    try {
      generator.generate(decoder, List.of(A, B), sampling(1, 5, 0.9, 2));
      assertThat(JniUtils.isGradMode()).isTrue();
    } finally {
      JniUtils.setGradMode(false);
    }
    assertThat(manager.getManagedArrays()).hasSize(before);
  }

  @Test
  void rejectsEmptyPromptsAndUnknownTokens() {
    GenerationConfig cfg = GenerationConfig.greedy(2, List.of());
    List<long[]> empty = new ArrayList<>();
    empty.add(new long[0]);
    assertThatThrownBy(() -> generator.generate(decoder, empty, cfg))
        .hasMessageContaining("prompt 0 is empty");
    assertThatThrownBy(() -> generator.generate(decoder, List.of(A, new long[] {41}), cfg))
        .hasMessageContaining("prompt 1 holds token id 41: accepted are 0..40");
  }
}
