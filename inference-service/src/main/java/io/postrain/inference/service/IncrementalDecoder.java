package io.postrain.inference.service;

import io.postrain.lm.Tokenizer;
import java.util.Arrays;

/**
 * Turns one candidate's tokens into text pieces as they arrive. A byte-level token may hold part of
 * a UTF-8 character; a piece is released only once the decoded text no longer ends in the
 * replacement character, so every piece is whole characters and the pieces concatenate to the text
 * of all tokens.
 */
public final class IncrementalDecoder {

  private final Tokenizer tokenizer;
  private long[] ids = new long[16];
  private int count;
  private int emitted;

  public IncrementalDecoder(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Adds a token; returns the new complete text (possibly empty). */
  public String push(long tokenId) {
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, count * 2);
    }
    ids[count++] = tokenId;
    String text = tokenizer.decode(Arrays.copyOf(ids, count), true);
    if (text.endsWith("\uFFFD") || text.length() < emitted) {
      return "";
    }
    String piece = text.substring(emitted);
    emitted = text.length();
    return piece;
  }

  /** The rest of the final text not yet returned by {@link #push}. */
  public String finish(String finalText) {
    if (finalText.length() <= emitted) {
      return "";
    }
    String piece = finalText.substring(emitted);
    emitted = finalText.length();
    return piece;
  }
}
