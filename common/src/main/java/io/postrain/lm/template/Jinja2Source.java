package io.postrain.lm.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a Jinja2 template source so that Jinjava renders it the way Python's Jinja2 does with
 * {@code trim_blocks=True, lstrip_blocks=True} (the environment Hugging Face transformers uses).
 *
 * <p>One newline at the very end of the source is dropped (Jinja2's {@code
 * keep_trailing_newline=False}). Then five explicit rewrites, each because Jinjava differs from
 * Jinja2 here:
 *
 * <ol>
 *   <li><b>lstrip_blocks</b>: Jinja2 removes the spaces and tabs before a {@code {%} or {@code {#}
 *       tag only when nothing else precedes the tag on its line; Jinjava's option strips them
 *       before any tag. The rewrite removes them under Jinja2's rule (not before {@code {%+} or
 *       {@code {%-}, and never before {@code {{}), and Jinjava's option stays off.
 *   <li><b>trim_blocks</b>: the first newline after a {@code %}} or {@code #}} is removed (not
 *       after {@code +%}}), as Jinja2 does; Jinjava's option stays off.
 *   <li><b>keyword arguments</b>: each {@code name=value} argument of a call becomes {@code
 *       name=(value)}, since Jinjava binds {@code =} tighter than arithmetic and would read {@code
 *       namespace(i=messages|length - 1)} as {@code (i=messages|length) - 1}. Macro signatures
 *       ({@code {% macro f(a, b=1) %}}) are left alone: Jinjava's macro tag parses them itself.
 *   <li><b>unary not</b>: Jinja2 reads {@code not a == b} as {@code not (a == b)}, Jinjava as
 *       {@code (not a) == b}; the operand of each unary {@code not} is parenthesised up to the next
 *       top-level {@code and}, {@code or}, {@code if}, {@code else}, comma or closing bracket.
 *   <li><b>slices</b>: Jinjava parses {@code x[a:b]} but not a step ({@code messages[::-1]}). Every
 *       subscript containing a top-level colon becomes {@code x[_py_slice(a, b, c)]} (missing parts
 *       are {@code none}), which {@link PythonResolver} applies to lists and strings with Python's
 *       semantics.
 * </ol>
 *
 * Whitespace control signs ({@code {%-}, {@code -%}}, {@code {{-}, {@code -}}}, {@code {#-},
 * {@code -#}}, {@code {%+}, {@code +%}}) are applied here too and removed, since Jinjava ignores
 * some of them; comments are removed. {@code {% raw %}} blocks are not treated specially.
 */
final class Jinja2Source {

  private final String src;
  private final StringBuilder out = new StringBuilder();
  private int pos;
  private boolean stripLeadingWhitespace;

  private Jinja2Source(String src) {
    this.src = src;
  }

  /** Returns the source rewritten for Jinjava as described in the class comment. */
  static String rewrite(String source) {
    // keep_trailing_newline=False: Jinja2 drops one newline at the very end of the source.
    String trimmed = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
    Jinja2Source r = new Jinja2Source(trimmed);
    r.run();
    return r.out.toString();
  }

  private void run() {
    while (pos < src.length()) {
      int tag = nextTagStart(pos);
      appendText(src.substring(pos, tag < 0 ? src.length() : tag));
      if (tag < 0) {
        return;
      }
      pos = tag;
      char kind = src.charAt(tag + 1);
      char control = tag + 2 < src.length() ? src.charAt(tag + 2) : ' ';
      if (control == '-') {
        trimTrailingOutput(true);
      } else if (kind != '{' && control != '+' && onlyBlanksBeforeOnLine(tag)) {
        trimTrailingOutput(false);
      }
      boolean hasControl = control == '-' || (control == '+' && kind != '{');
      tag(kind, tag + 2 + (hasControl ? 1 : 0));
    }
  }

  private void appendText(String text) {
    if (stripLeadingWhitespace) {
      text = text.stripLeading();
      stripLeadingWhitespace = false;
    }
    out.append(text);
  }

  private int nextTagStart(int from) {
    for (int i = src.indexOf('{', from); i >= 0; i = src.indexOf('{', i + 1)) {
      if (i + 1 < src.length() && "{%#".indexOf(src.charAt(i + 1)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** True when only spaces/tabs lie between the start of the line and {@code tag} in the source. */
  private boolean onlyBlanksBeforeOnLine(int tag) {
    int i = tag - 1;
    while (i >= 0 && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
      i--;
    }
    return i < 0 || src.charAt(i) == '\n';
  }

  /** Removes trailing spaces and tabs, or all trailing whitespace, from the output so far. */
  private void trimTrailingOutput(boolean allWhitespace) {
    int end = out.length();
    while (end > 0) {
      char c = out.charAt(end - 1);
      if (!(c == ' ' || c == '\t' || (allWhitespace && Character.isWhitespace(c)))) {
        break;
      }
      end--;
    }
    out.setLength(end);
  }

  /**
   * Emits the tag whose body starts at {@code bodyStart} (after any control sign) without its
   * whitespace-control signs, and applies them and trim_blocks to the text that follows.
   */
  private void tag(char kind, int bodyStart) {
    String closing = kind == '{' ? "}}" : kind + "}";
    int close = kind == '#' ? src.indexOf(closing, bodyStart) : findClose(bodyStart, closing);
    if (close < 0) {
      throw new ChatTemplateException(
          "template syntax error: '{" + kind + "' at offset " + pos + " is never closed");
    }
    char last = close > bodyStart ? src.charAt(close - 1) : ' ';
    boolean minusEnd = last == '-';
    boolean plusEnd = last == '+' && kind != '{';
    String body = src.substring(bodyStart, minusEnd || plusEnd ? close - 1 : close);
    if (kind != '#') {
      // Macro signatures are parsed by Jinjava's macro tag itself; their defaults stay as they are.
      boolean macro = kind == '%' && body.strip().startsWith("macro ");
      String rewritten = macro ? body : rewriteSlices(body);
      // A leading sign right after the delimiter would read as whitespace control to Jinjava.
      String guard = rewritten.startsWith("-") || rewritten.startsWith("+") ? " " : "";
      out.append('{').append(kind).append(guard).append(rewritten).append(closing);
    }
    pos = close + 2;
    if (minusEnd) {
      stripLeadingWhitespace = true;
    } else if (kind != '{' && !plusEnd) {
      skipOneNewline();
    }
  }

  private void skipOneNewline() {
    if (src.startsWith("\n", pos)) {
      pos += 1;
    } else if (src.startsWith("\r\n", pos)) {
      pos += 2;
    }
  }

  /** Index of {@code closing} at or after {@code from}, skipping string literals; -1 if none. */
  private int findClose(int from, String closing) {
    for (int i = from; i < src.length() - 1; i++) {
      char c = src.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfString(src, i);
      } else if (src.startsWith(closing, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the quote closing the literal opened at {@code start} (or the last index). */
  static int endOfString(String s, int start) {
    char quote = s.charAt(start);
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    return s.length() - 1;
  }

  /** Rewrites every subscript with a top-level colon in an expression into a _py_slice call. */
  static String rewriteSlices(String expr) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\'' || c == '"') {
        int end = endOfString(expr, i);
        b.append(expr, i, end + 1);
        i = end;
      } else if (isUnaryNot(expr, i, b)) {
        int end = endOfNotOperand(expr, i + 3);
        b.append("not (").append(rewriteSlices(expr.substring(i + 3, end).strip())).append(')');
        i = end - 1;
      } else if (c == '(' && isSubscript(b)) {
        int close = matching(expr, i);
        b.append('(').append(wrapKeywordValues(expr.substring(i + 1, close))).append(')');
        i = close;
      } else if (c == '[' && isSubscript(b)) {
        int close = matching(expr, i);
        String inner = expr.substring(i + 1, close);
        List<String> parts = splitTopLevel(inner, ':');
        if (parts.size() == 1) {
          b.append('[').append(rewriteSlices(inner)).append(']');
        } else if (parts.size() <= 3) {
          b.append("[_py_slice(");
          for (int p = 0; p < 3; p++) {
            String part = p < parts.size() ? parts.get(p).strip() : "";
            b.append(p > 0 ? ", " : "").append(part.isEmpty() ? "none" : rewriteSlices(part));
          }
          b.append(")]");
        } else {
          throw new ChatTemplateException("template syntax error: bad slice [" + inner + "]");
        }
        i = close;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Parenthesises each keyword-argument value of a call: Jinjava binds {@code name=value} tighter
   * than arithmetic, so {@code namespace(i=messages|length - 1)} would compute {@code (i=...) - 1}.
   */
  private static String wrapKeywordValues(String args) {
    StringBuilder b = new StringBuilder();
    for (String arg : splitTopLevel(args, ',')) {
      b.append(b.length() > 0 ? "," : "");
      Matcher m = KEYWORD_ARG.matcher(arg);
      if (m.lookingAt()) {
        b.append(m.group()).append('(').append(rewriteSlices(arg.substring(m.end()))).append(')');
      } else {
        b.append(rewriteSlices(arg));
      }
    }
    return b.toString();
  }

  private static final Pattern KEYWORD_ARG =
      Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=(?!=)");

  /**
   * Whether a unary {@code not} starts at {@code i}: the word {@code not}, not preceded by an
   * operand (that is {@code x not in y}) nor by {@code is} (that is {@code x is not none}).
   */
  private static boolean isUnaryNot(String expr, int i, StringBuilder before) {
    if (!expr.startsWith("not", i)
        || (i > 0 && isWordChar(expr.charAt(i - 1)))
        || (i + 3 < expr.length() && isWordChar(expr.charAt(i + 3)))) {
      return false;
    }
    String prev = before.toString().stripTrailing();
    if (prev.isEmpty()
        || prev.endsWith("(")
        || prev.endsWith(",")
        || prev.endsWith("=")
        || prev.endsWith("[")
        || prev.endsWith("{")) {
      return true;
    }
    Matcher word = LAST_WORD.matcher(prev);
    return word.find() && UNARY_CONTEXT.contains(word.group(1));
  }

  /**
   * End of the operand of a unary {@code not}: Jinja2 binds {@code not} looser than comparisons and
   * tests but tighter than {@code and}/{@code or}, so the operand runs to the next top-level {@code
   * and}, {@code or}, {@code if}, {@code else}, comma or closing bracket. Jinjava binds it tighter
   * than {@code ==}, so the operand is parenthesised explicitly.
   */
  private static int endOfNotOperand(String expr, int from) {
    int depth = 0;
    for (int i = from; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfString(expr, i);
      } else if (c == '[' || c == '(' || c == '{') {
        depth++;
      } else if (c == ']' || c == ')' || c == '}') {
        if (depth-- == 0) {
          return i;
        }
      } else if (depth == 0 && c == ',') {
        return i;
      } else if (depth == 0 && (i == 0 || !isWordChar(expr.charAt(i - 1)))) {
        for (String stop : NOT_OPERAND_STOPS) {
          int end = i + stop.length();
          if (expr.startsWith(stop, i) && (end == expr.length() || !isWordChar(expr.charAt(end)))) {
            return i;
          }
        }
      }
    }
    return expr.length();
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static final Pattern LAST_WORD = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)$");
  private static final List<String> UNARY_CONTEXT =
      List.of("if", "elif", "and", "or", "not", "else", "return", "in");
  private static final List<String> NOT_OPERAND_STOPS = List.of("and", "or", "if", "else");

  private static boolean isSubscript(StringBuilder before) {
    int i = before.length() - 1;
    while (i >= 0 && before.charAt(i) == ' ') {
      i--;
    }
    if (i < 0) {
      return false;
    }
    char p = before.charAt(i);
    return Character.isLetterOrDigit(p)
        || p == '_'
        || p == ')'
        || p == ']'
        || p == '\''
        || p == '"';
  }

  private static int matching(String expr, int open) {
    int depth = 0;
    for (int i = open; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfString(expr, i);
      } else if (c == '[' || c == '(' || c == '{') {
        depth++;
      } else if ((c == ']' || c == ')' || c == '}') && --depth == 0) {
        return i;
      }
    }
    throw new ChatTemplateException("template syntax error: unbalanced '[' in: " + expr.strip());
  }

  private static List<String> splitTopLevel(String s, char sep) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfString(s, i);
      } else if (c == '[' || c == '(' || c == '{') {
        depth++;
      } else if (c == ']' || c == ')' || c == '}') {
        depth--;
      } else if (c == sep && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
