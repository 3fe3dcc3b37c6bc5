package io.postrain.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationConfigTest {

  @Test
  void rejectsOutOfRangeFieldsNamingFieldAndRange() {
    assertThatThrownBy(() -> new GenerationConfig(0, 1, 0, 1, 0, 1, null))
        .hasMessage("maxNewTokens must be >= 1, got 0");
    assertThatThrownBy(() -> new GenerationConfig(1, -0.5, 0, 1, 0, 1, null))
        .hasMessageContaining("temperature must be a finite number >= 0");
    assertThatThrownBy(() -> new GenerationConfig(1, Double.NaN, 0, 1, 0, 1, null))
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> new GenerationConfig(1, 1, -1, 1, 0, 1, null))
        .hasMessage("topK must be >= 0 (0 = disabled), got -1");
    assertThatThrownBy(() -> new GenerationConfig(1, 1, 0, 0, 0, 1, null))
        .hasMessage("topP must be in (0, 1] (1 = disabled), got 0.0");
    assertThatThrownBy(() -> new GenerationConfig(1, 1, 0, 1.5, 0, 1, null))
        .hasMessageContaining("topP must be in (0, 1]");
    assertThatThrownBy(() -> new GenerationConfig(1, 1, 0, 1, 0, 0, null))
        .hasMessage("n must be >= 1, got 0");
  }

  @Test
  void greedyDefaults() {
    GenerationConfig g = GenerationConfig.greedy(5, List.of(2));
    assertThat(g.isGreedy()).isTrue();
    assertThat(g.stopTokenIds()).containsExactly(2);
    assertThat(new GenerationConfig(1, 1, 0, 1, 0, 1, null).stopTokenIds()).isEmpty();
  }

  @Test
  void finishReasonJsonNames() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(FinishReason.STOP)).isEqualTo("\"stop\"");
    assertThat(json.writeValueAsString(FinishReason.LENGTH)).isEqualTo("\"length\"");
    assertThat(json.readValue("\"length\"", FinishReason.class)).isEqualTo(FinishReason.LENGTH);
    assertThatThrownBy(() -> FinishReason.fromJson("eos"))
        .hasMessageContaining("accepted are stop, length");
  }

  @Test
  void generatedSequenceCopiesItsTokens() {
    long[] ids = {1, 2};
    GeneratedSequence s = new GeneratedSequence(3, ids, FinishReason.STOP);
    ids[0] = 9;
    assertThat(s.tokenIds()).containsExactly(1, 2);
    assertThat(s).isEqualTo(new GeneratedSequence(3, new long[] {1, 2}, FinishReason.STOP));
  }
}
