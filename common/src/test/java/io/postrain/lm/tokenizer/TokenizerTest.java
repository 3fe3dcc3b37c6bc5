package io.postrain.lm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.lm.checkpoint.CheckpointException;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.template.ChatTemplateTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokenizer against a tiny hand-written word-level tokenizer (ids by hand) and, when
 * POSTRAIN_QWEN3_TOKENIZER is set, against Qwen3 ids from tokenizers.js (an independent
 * implementation; src/test/node/qwen3_token_ids.mjs wrote tokenizer/qwen3-ids.json).
 */
class TokenizerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QWEN3_DIR = System.getenv("POSTRAIN_QWEN3_TOKENIZER");

  /** Loaded once for the class: the Qwen3 tokenizer.json is 11 MB. */
  private static Tokenizer qwen3;

  @BeforeAll
  static void loadQwen3() {
    if (QWEN3_DIR != null) {
      qwen3 = Tokenizer.load(Path.of(QWEN3_DIR));
    }
  }

  @AfterAll
  static void closeQwen3() {
    if (qwen3 != null) {
      qwen3.close();
    }
  }

  private static Tokenizer qwen3() {
    assumeTrue(
        qwen3 != null,
        "POSTRAIN_QWEN3_TOKENIZER is not set (e.g. /work/shared/fixtures/qwen3-tokenizer);"
            + " skipping the real Qwen3 tokenizer");
    return qwen3;
  }

  /** Word-level vocabulary; the Whitespace pre-tokenizer splits words and punctuation. */
  private static final String TINY_TOKENIZER =
      """
      {"version": "1.0", "truncation": null, "padding": null,
       "added_tokens": [
         {"id": 0, "content": "<|endoftext|>", "single_word": false, "lstrip": false,
          "rstrip": false, "normalized": false, "special": true}],
       "normalizer": null,
       "pre_tokenizer": {"type": "Whitespace"},
       "post_processor": null,
       "decoder": null,
       "model": {"type": "WordLevel", "unk_token": "[UNK]",
         "vocab": {"<|endoftext|>": 0, "System": 1, ":": 2, "User": 3, "Assistant": 4,
                   "hello": 5, "world": 6, "hi": 7, "Be": 8, "brief": 9, ".": 10, "[UNK]": 11}}}
      """;

  private static Path tinyCheckpoint(Path dir, String tokenizerConfig) throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), TINY_TOKENIZER);
    Files.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfig);
    return dir;
  }

  @Test
  void idsPastTheTokenizerDecodeToNothing(@TempDir Path dir) {
    // The tiny models' embedding has 272 rows for 261 tokens, as Qwen3 pads 151,669 to 151,936.
    ByteLevelTokenizerFiles.write(dir, 64);
    try (Tokenizer tokenizer = Tokenizer.load(dir)) {
      assertThat(tokenizer.decode(new long[] {104, 265, 105, 271, 258}, true)).isEqualTo("hi");
      assertThat(tokenizer.decode(new long[] {104, 265, 105}, false)).isEqualTo("hi");
    }
  }

  @Test
  void padFallsBackToEosWhenTheConfigHasNoPadToken(@TempDir Path dir) throws IOException {
    try (Tokenizer t = Tokenizer.load(tinyCheckpoint(dir, "{\"eos_token\": \"<|endoftext|>\"}"))) {
      assertThat(t.eosTokenId()).isZero();
      assertThat(t.padTokenId()).isEqualTo(t.eosTokenId());
      assertThat(t.bosTokenId()).isEmpty();
      assertThat(t.vocabSize()).isEqualTo(12);
      assertThat(t.specialTokenIds()).containsExactly(0);
      assertThat(t.tokenId("world")).hasValue(6);
      assertThat(t.tokenId("nope")).isEmpty();
    }
  }

  @Test
  void padAndBosComeFromTheConfig(@TempDir Path dir) throws IOException {
    String config =
        "{\"eos_token\": {\"content\": \"<|endoftext|>\"}, \"pad_token\": \"[UNK]\","
            + " \"bos_token\": \"hi\"}";
    try (Tokenizer t = Tokenizer.load(tinyCheckpoint(dir, config))) {
      assertThat(t.padTokenId()).isEqualTo(11);
      assertThat(t.bosTokenId()).hasValue(7);
    }
  }

  @Test
  void userTemplateRendersAndEncodesToHandCountedIds(@TempDir Path dir) throws IOException {
    try (Tokenizer base =
            Tokenizer.load(tinyCheckpoint(dir, "{\"eos_token\": \"<|endoftext|>\"}"));
        Tokenizer t = base.withChatTemplate(ChatTemplateTest.PLAIN_TEMPLATE)) {
      String prompt =
          t.chatTemplate()
              .render(
                  List.of(
                      ChatMessage.system("Be brief."),
                      ChatMessage.user("hello"),
                      ChatMessage.assistant("hi"),
                      ChatMessage.user("world")),
                  true,
                  false);
      assertThat(prompt)
          .isEqualTo(
              "System: Be brief.\nUser: hello\nAssistant: hi<|endoftext|>\nUser: world\nAssistant:");
      // System : Be brief . User : hello Assistant : hi <|endoftext|> User : world Assistant :
      assertThat(t.encode(prompt))
          .containsExactly(1, 2, 8, 9, 10, 3, 2, 5, 4, 2, 7, 0, 3, 2, 6, 4, 2);
      assertThat(t.chatTemplate().endOfTurnToken()).contains("<|endoftext|>");
      assertThat(t.decode(new long[] {5, 0, 6}, true)).isEqualTo("hello world");
    }
  }

  @Test
  void missingTokenizerJsonNamesTheDirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("no tokenizer.json in " + dir);
  }

  @Test
  void missingEosTokenIsReported(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> Tokenizer.load(tinyCheckpoint(dir, "{}")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("has no eos_token");
  }

  @Test
  void closedTokenizerRefusesWork(@TempDir Path dir) throws IOException {
    Tokenizer t = Tokenizer.load(tinyCheckpoint(dir, "{\"eos_token\": \"<|endoftext|>\"}"));
    Tokenizer view = t.withChatTemplate("{{ messages|length }}");
    t.close();
    assertThat(view.encode("hello")).containsExactly(5);
    view.close();
    assertThatThrownBy(() -> view.encode("hello")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void qwen3IdsMatchTokenizersJs() throws IOException {
    String dir = System.getenv("POSTRAIN_QWEN3_TOKENIZER");
    assumeTrue(
        dir != null, "POSTRAIN_QWEN3_TOKENIZER is not set; skipping the real Qwen3 tokenizer");
    JsonNode cases = JSON.readTree(getClass().getResource("/tokenizer/qwen3-ids.json"));
    try (Tokenizer t = Tokenizer.load(Path.of(dir))) {
      for (Map.Entry<String, JsonNode> c : cases.properties()) {
        JsonNode expected = c.getValue();
        long[] ids =
            StreamSupport.stream(expected.get("ids").spliterator(), false)
                .mapToLong(JsonNode::asLong)
                .toArray();
        String text = expected.get("text").asText();
        assertThat(t.encode(text)).as(c.getKey()).containsExactly(ids);
        assertThat(t.decode(ids, false)).as(c.getKey()).isEqualTo(expected.get("decoded").asText());
        assertThat(t.decode(ids, true))
            .as(c.getKey())
            .isEqualTo(expected.get("decoded_skip_special").asText());
      }
    }
  }

  @Test
  void qwen3SpecialTokensAndNoTruncation() {
    String dir = System.getenv("POSTRAIN_QWEN3_TOKENIZER");
    assumeTrue(
        dir != null, "POSTRAIN_QWEN3_TOKENIZER is not set; skipping the real Qwen3 tokenizer");
    try (Tokenizer t = Tokenizer.load(Path.of(dir))) {
      // Published Qwen2/Qwen3 ids: <|endoftext|> 151643, <|im_start|> 151644, <|im_end|> 151645.
      assertThat(t.eosTokenId()).isEqualTo(151645);
      assertThat(t.padTokenId()).isEqualTo(151643);
      assertThat(t.tokenId("<|im_start|>")).hasValue(151644);
      assertThat(t.bosTokenId()).isEmpty();
      assertThat(t.vocabSize()).isEqualTo(151669);
      assertThat(t.specialTokenIds()).contains(151643, 151644, 151645).doesNotContain(151667);
      assertThat(t.chatTemplate().endOfTurnToken()).contains("<|im_end|>");

      String longText = "hello world ".repeat(800);
      long[] ids = t.encode(longText);
      assertThat(ids).hasSizeGreaterThan(1500);
      assertThat(t.decode(ids, false)).isEqualTo(longText);
    }
  }
}
