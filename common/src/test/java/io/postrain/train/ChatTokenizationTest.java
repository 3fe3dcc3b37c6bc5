package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.tokenizer.ByteLevelTokenizerFiles;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-level tokenizer: one token per byte, 257 = im_start, 258 = im_end (also eos). */
class ChatTokenizationTest {

  @TempDir static Path tmp;
  static Path model;

  @BeforeAll
  static void writeModel() {
    model = TrainFixtures.model(tmp.resolve("m"), 1);
  }

  private static long[] bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long[] out = new long[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xff;
    }
    return out;
  }

  private static long[] concat(long[]... parts) {
    int n = 0;
    for (long[] p : parts) {
      n += p.length;
    }
    long[] out = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static final long START = 257;
  private static final long END = ByteLevelTokenizerFiles.IM_END_ID;

  @Test
  void conversationTrainsExactlyTheAssistantAnswerAndItsEndOfTurn() {
    try (Tokenizer tokenizer = Tokenizer.load(model)) {
      TokenizedSequence s =
          new ChatTokenization(tokenizer)
              .sft(
                  new SftExample.Conversation(
                      List.of(ChatMessage.user("Hi")), List.of(ChatMessage.assistant("Yo"))),
                  SftConfig.builder().build(),
                  7);
      long[] prompt =
          concat(
              new long[] {START},
              bytes("user\nHi"),
              new long[] {END},
              bytes("\n"),
              new long[] {START},
              bytes("assistant\n"));
      long[] completion = concat(bytes("Yo"), new long[] {END}, bytes("\n"));
      assertThat(s.inputIds()).containsExactly(concat(prompt, completion));
      for (int i = 0; i < s.length(); i++) {
        assertThat(s.trained(i)).as("position %d", i).isEqualTo(i >= prompt.length);
      }
      assertThat(s.trainedTokens()).isEqualTo(4);
      assertThat(s.index()).isEqualTo(7);
    }
  }

  @Test
  void plainTextGetsEosAndTrainsOnlyTheCompletionUnlessAskedOtherwise() {
    try (Tokenizer tokenizer = Tokenizer.load(model)) {
      ChatTokenization t = new ChatTokenization(tokenizer);
      SftExample ex = new SftExample.PlainText("2+2=", "4");
      TokenizedSequence s = t.sft(ex, SftConfig.builder().build(), 0);
      assertThat(s.inputIds()).containsExactly(concat(bytes("2+2=4"), new long[] {END}));
      assertThat(s.trainedTokens()).isEqualTo(2);
      assertThat(s.trained(3)).isFalse();
      TokenizedSequence all = t.sft(ex, SftConfig.builder().completionOnlyLoss(false).build(), 0);
      assertThat(all.trainedTokens()).isEqualTo(5); // every label but the first token
    }
  }

  @Test
  void truncationKeepsTheStartAndDropsRowsWithoutTrainedTokens() {
    try (Tokenizer tokenizer = Tokenizer.load(model)) {
      ChatTokenization t = new ChatTokenization(tokenizer);
      SftConfig short6 = SftConfig.builder().training(c -> c.maxLength(6)).build();
      TokenizedSequence s = t.sft(new SftExample.PlainText("ab", "cdefgh"), short6, 0);
      assertThat(s.inputIds()).containsExactly(bytes("abcdef"));
      assertThat(s.trainedTokens()).isEqualTo(4);
      assertThat(t.sft(new SftExample.PlainText("abcdefgh", "xy"), short6, 0)).isNull();
    }
  }

  @Test
  void preferencePairsShareThePromptWhoseStartIsCutFirst() {
    try (Tokenizer tokenizer = Tokenizer.load(model)) {
      DpoConfig config = DpoConfig.builder().maxPromptLength(3).build();
      TokenizedPair p =
          new ChatTokenization(tokenizer)
              .dpo(new PreferenceExample.PlainText("hello ", "yes", "no"), config, 2);
      assertThat(p.chosen().inputIds()).containsExactly(concat(bytes("lo yes"), new long[] {END}));
      assertThat(p.rejected().inputIds()).containsExactly(concat(bytes("lo no"), new long[] {END}));
      assertThat(p.chosen().trainedTokens()).isEqualTo(4);
      assertThat(p.rejected().trainedTokens()).isEqualTo(3);
      assertThat(p.index()).isEqualTo(2);
    }
  }

  @Test
  void aTemplateWhosePromptIsNoPrefixIsRefusedShowingBothRenderings() {
    String odd =
        "{%- for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] +"
            + " '<|im_end|>\\n' }}{%- endfor %}{%- if add_generation_prompt %}"
            + "{{ '<|im_start|>bot\\n' }}{%- endif %}";
    try (Tokenizer base = Tokenizer.load(model);
        Tokenizer tokenizer = base.withChatTemplate(odd)) {
      assertThatThrownBy(
              () ->
                  new ChatTokenization(tokenizer)
                      .sft(
                          new SftExample.Conversation(
                              List.of(ChatMessage.user("Hi")),
                              List.of(ChatMessage.assistant("Yo"))),
                          SftConfig.builder().build(),
                          0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a token prefix")
          .hasMessageContaining("<|im_start|>bot")
          .hasMessageContaining("<|im_start|>assistant\nYo");
    }
  }
}
