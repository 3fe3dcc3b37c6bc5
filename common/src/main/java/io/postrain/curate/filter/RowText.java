package io.postrain.curate.filter;

import io.postrain.curate.DataRow;
import io.postrain.lm.template.ChatMessage;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The text of a row as the duplicate checks and the diversity selection see it. */
final class RowText {

  private static final Pattern SPACE = Pattern.compile("\\s+");

  private RowText() {}

  /**
   * Every turn as {@code role: content} on its own line, then {@code rejected: ...} for a pair, so
   * two rows are the same only when every side is.
   */
  static String of(DataRow row) {
    StringBuilder out = new StringBuilder();
    for (ChatMessage turn : row.turns()) {
      out.append(turn.role()).append(": ").append(turn.content()).append('\n');
    }
    if (row.preference()) {
      out.append("rejected: ").append(row.rejectedText()).append('\n');
    }
    return out.toString();
  }

  /** Every turn's content on its own line, then the rejected answer of a pair: no role words. */
  static String content(DataRow row) {
    StringBuilder out = new StringBuilder();
    for (ChatMessage turn : row.turns()) {
      out.append(turn.content()).append('\n');
    }
    if (row.preference()) {
      out.append(row.rejectedText()).append('\n');
    }
    return out.toString();
  }

  /** NFKC, lower case (root locale), whitespace runs as one space, stripped. */
  static String normalised(String text) {
    String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return SPACE.matcher(nfkc).replaceAll(" ").strip();
  }
}
