package io.postrain.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.lm.ByteLevelTokenizerFiles;
import io.postrain.lm.Tokenizer;
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
}
