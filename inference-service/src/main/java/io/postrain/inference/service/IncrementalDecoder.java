package io.postrain.inference.service;

import io.postrain.lm.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one candidate's tokens into text pieces as they arrive. A byte-level token may hold part of
 * a UTF-8 character; a piece is released only once the decoded text no longer ends in the
 * replacement character, so every piece is whole characters and the pieces concatenate to the text
 * of all tokens.
 *
 * <p>With hold-back strings (stop sequences, the opening of a tool call), text is released only up
 * to the first occurrence of any of them, and never a trailing part of the text that could be the
 * beginning of one, so a stream never shows a stop sequence or a tool call, not even in part.
 */
public final class IncrementalDecoder {

  private final Tokenizer tokenizer;
  private final List<String> holdBack;
  private final StringBuilder emitted = new StringBuilder();
  private long[] ids = new long[16];
  private int count;

  public IncrementalDecoder(Tokenizer tokenizer) {
    this(tokenizer, List.of());
  }

  /** A decoder that holds back these strings (none empty) and what could begin them. */
  public IncrementalDecoder(Tokenizer tokenizer, List<String> holdBack) {
    this.tokenizer = tokenizer;
    this.holdBack = List.copyOf(holdBack);
  }

  /** Adds a token; returns the new complete text (possibly empty). */
  public String push(long tokenId) {
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, count * 2);
    }
    ids[count++] = tokenId;
    String text = tokenizer.decode(Arrays.copyOf(ids, count), true);
    if (text.endsWith("\uFFFD")) {
      return "";
    }
    return release(text, safeLength(text));
  }

  /**
   * The rest of the final text not yet returned by {@link #push}: empty when the final text does
   * not continue what was released.
   */
  public String finish(String finalText) {
    return release(finalText, finalText.length());
  }

  private String release(String text, int upTo) {
    if (upTo <= emitted.length() || !text.startsWith(emitted.toString())) {
      return "";
    }
    String piece = text.substring(emitted.length(), upTo);
    emitted.append(piece);
    return piece;
  }

  /** How much of the text may be shown: up to a hold-back string or a possible beginning of one. */
  private int safeLength(String text) {
    int safe = text.length();
    for (String s : holdBack) {
      int at = text.indexOf(s);
      if (at >= 0) {
        safe = Math.min(safe, at);
      }
      for (int k = Math.min(s.length() - 1, text.length()); k > 0; k--) {
        if (text.endsWith(s.substring(0, k))) {
          safe = Math.min(safe, text.length() - k);
          break;
        }
      }
    }
    return safe;
  }
}
