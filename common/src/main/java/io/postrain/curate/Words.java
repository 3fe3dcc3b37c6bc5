package io.postrain.curate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word splitting shared by the rewards, the linter and the filter: a word is a run of letters,
 * digits and combining marks, except that each character of a script written without spaces
 * (Chinese, Japanese kana, Thai...) is a word of its own.
 */
public final class Words {

  private static final String UNSPACED =
      "\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsThai}\\p{IsLao}\\p{IsKhmer}\\p{IsMyanmar}";

  private static final Pattern WORD =
      Pattern.compile("[" + UNSPACED + "]|[\\p{L}\\p{N}\\p{M}&&[^" + UNSPACED + "]]+");

  private Words() {}

  /** The words of {@code text}, in order, case kept. */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
