package io.postrain.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.lm.tokenizer.ByteLevelTokenizerFiles;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed pieces are whole UTF-8 characters and concatenate to the decoded text. */
class IncrementalDecoderTest {

  @Test
  void multiByteCharactersAreReleasedOnlyWhenComplete(@TempDir Path dir) {
    ByteLevelTokenizerFiles.write(dir, 512);
    String text = "héllo 中文 ok \uD83D\uDE00!";
    try (Tokenizer tokenizer = Tokenizer.load(dir)) {
      long[] ids = tokenizer.encode(text);
      // one token per UTF-8 byte: "中" alone is 3 tokens, the emoji 4
      assertThat(ids.length)
          .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      IncrementalDecoder decoder = new IncrementalDecoder(tokenizer);
      List<String> pieces = new ArrayList<>();
      for (long id : ids) {
        String piece = decoder.push(id);
        if (!piece.isEmpty()) {
          pieces.add(piece);
        }
      }
      assertThat(pieces).noneMatch(p -> p.contains("\uFFFD"));
      assertThat(pieces).contains("中", "文", "\uD83D\uDE00");
      assertThat(String.join("", pieces)).isEqualTo(text);
      assertThat(decoder.finish(text)).isEmpty();
    }
  }

  static String streamed(Tokenizer tokenizer, String text, List<String> holdBack) {
    IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, holdBack);
    StringBuilder out = new StringBuilder();
    for (long id : tokenizer.encode(text)) {
      out.append(decoder.push(id));
    }
    return out.toString();
  }

  @Test
  void holdBackStringsAndTheirBeginningsAreNeverShown(@TempDir Path dir) {
    ByteLevelTokenizerFiles.write(dir, 512);
    try (Tokenizer tokenizer = Tokenizer.load(dir)) {
      List<String> stops = List.of("STOP", "<tool_call>");
      assertThat(streamed(tokenizer, "Hello STOP world", stops)).isEqualTo("Hello ");
      assertThat(streamed(tokenizer, "Sure.<tool_call>{}</tool_call>", stops)).isEqualTo("Sure.");
      // a held-back beginning that turns out not to be a stop is released once it cannot be one
      assertThat(streamed(tokenizer, "a ST b <tool", stops)).isEqualTo("a ST b ");
      IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, stops);
      for (long id : tokenizer.encode("abcST")) {
        decoder.push(id);
      }
      assertThat(decoder.finish("abcST")).isEqualTo("ST");
      assertThat(decoder.finish("abcST")).isEmpty();
    }
  }

  @Test
  void finishReleasesNothingThatDoesNotContinueTheShownText(@TempDir Path dir) {
    ByteLevelTokenizerFiles.write(dir, 512);
    try (Tokenizer tokenizer = Tokenizer.load(dir)) {
      IncrementalDecoder decoder = new IncrementalDecoder(tokenizer);
      for (long id : tokenizer.encode("  text")) {
        decoder.push(id);
      }
      assertThat(decoder.finish("text")).isEmpty();
    }
  }
}
