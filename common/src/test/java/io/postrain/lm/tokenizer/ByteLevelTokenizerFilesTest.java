package io.postrain.lm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelTokenizerFilesTest {

  @TempDir static Path dir;
  private static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    ByteLevelTokenizerFiles.write(dir, 512);
    tokenizer =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(dir)
            .optAddSpecialTokens(false)
            .optTruncation(false)
            .optPadding(false)
            .build();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static long[] utf8(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    long[] ids = new long[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xFF;
    }
    return ids;
  }

  @Test
  void bytesToUnicodeMatchesGpt2OnHandPickedBytes() {
    assertThat(ByteLevelTokenizerFiles.byteSymbol('A')).isEqualTo("A");
    assertThat(ByteLevelTokenizerFiles.byteSymbol(0)).isEqualTo("\u0100");
    assertThat(ByteLevelTokenizerFiles.byteSymbol(' ')).isEqualTo("\u0120"); // GPT-2's 'Ġ'
    assertThat(ByteLevelTokenizerFiles.byteSymbol('\n')).isEqualTo("\u010A"); // 'Ċ'
    assertThat(ByteLevelTokenizerFiles.byteSymbol(0xAD)).isEqualTo("\u0143"); // soft hyphen
    assertThat(ByteLevelTokenizerFiles.byteSymbol(0xE9)).isEqualTo("\u00E9");
    Set<String> symbols = new HashSet<>();
    for (int b = 0; b < 256; b++) {
      symbols.add(ByteLevelTokenizerFiles.byteSymbol(b));
    }
    assertThat(symbols).hasSize(256);
  }

  @Test
  void encodesEveryUtf8ByteAsItsOwnId() {
    assertThat(tokenizer.encode("héllo").getIds()).containsExactly(104, 195, 169, 108, 108, 111);
    String text = "a b\tc 🙂 漢字";
    assertThat(tokenizer.encode(text).getIds()).containsExactly(utf8(text));
  }

  @Test
  void specialTokensAreSingleIds() {
    assertThat(tokenizer.encode("<|im_start|>user\nhi<|im_end|>").getIds())
        .containsExactly(257, 117, 115, 101, 114, 10, 104, 105, 258);
    assertThat(tokenizer.encode("<think>x</think><|endoftext|>").getIds())
        .containsExactly(259, 120, 260, 256);
  }

  @Test
  void decodeRoundTripsEmojiAndCjk() {
    String text = "<|im_start|>assistant\n¡Hola! 🙂👍🏽 漢字かな — ok<|im_end|>";
    long[] ids = tokenizer.encode(text).getIds();
    assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
    assertThat(tokenizer.decode(utf8(" spaced  out "), false)).isEqualTo(" spaced  out ");
  }

  @Test
  void tokenizerConfigCarriesTheChatMlTemplateAndSpecialTokens() throws IOException {
    JsonNode config = new ObjectMapper().readTree(dir.resolve("tokenizer_config.json").toFile());
    assertThat(config.path("eos_token").asText()).isEqualTo("<|im_end|>");
    assertThat(config.path("pad_token").asText()).isEqualTo("<|endoftext|>");
    assertThat(config.get("bos_token").isNull()).isTrue();
    assertThat(config.path("add_bos_token").asBoolean(true)).isFalse();
    assertThat(config.path("model_max_length").asInt()).isEqualTo(512);
    assertThat(config.path("added_tokens_decoder").path("258").path("content").asText())
        .isEqualTo("<|im_end|>");
    assertThat(config.path("chat_template").asText())
        .startsWith("{%- for message in messages %}")
        .contains("'<|im_start|>' + message['role']");
  }
}
