package io.postrain.curate;

import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.tokenizer.Tokenizer;
import java.util.List;

/**
 * The length of a row: in tokens of a model's tokenizer over the turns rendered with its chat
 * template (what training sees), or in {@link Words} when no model is given.
 */
public interface LengthMeasure {

  /** The length of these turns. */
  int of(List<ChatMessage> turns);

  /** "tokens" or "words", for reports. */
  String unit();

  /** Words: the sum of each turn's words. */
  static LengthMeasure words() {
    return new LengthMeasure() {
      @Override
      public int of(List<ChatMessage> turns) {
        return turns.stream().mapToInt(t -> Words.of(t.content()).size()).sum();
      }

      @Override
      public String unit() {
        return "words";
      }
    };
  }

  /** Tokens of the rendered conversation (no generation prompt). */
  static LengthMeasure tokens(Tokenizer tokenizer) {
    return new LengthMeasure() {
      @Override
      public int of(List<ChatMessage> turns) {
        return tokenizer.encode(tokenizer.chatTemplate().render(turns, false, false)).length;
      }

      @Override
      public String unit() {
        return "tokens";
      }
    };
  }
}
