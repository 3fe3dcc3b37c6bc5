package io.postrain.lm.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code str()} of template values, used for {@code {{ value }}} output: {@code True},
 * {@code False}, {@code 1.0}, {@code [1, 'a', None]}, {@code {'a': 1}}. Jinjava would print {@code
 * true}, {@code [1, a, null]} and {@code {a=1}}.
 */
final class PythonRepr {

  private PythonRepr() {}

  /** Python's {@code str(value)}; null prints as the empty string (see ChatTemplate). */
  static String str(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    return repr(value);
  }

  /** Python's {@code repr(value)} for JSON-like values. */
  static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof CharSequence s) {
      return quote(s.toString());
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return floatRepr(((Number) value).doubleValue());
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder b = new StringBuilder("{");
      map.forEach(
          (k, v) ->
              b.append(b.length() > 1 ? ", " : "").append(repr(k)).append(": ").append(repr(v)));
      return b.append('}').toString();
    }
    if (value instanceof Iterable<?> items) {
      StringBuilder b = new StringBuilder("[");
      items.forEach(v -> b.append(b.length() > 1 ? ", " : "").append(repr(v)));
      return b.append(']').toString();
    }
    if (value instanceof Object[] array) {
      return repr(List.of(array));
    }
    return value.toString();
  }

  private static String quote(String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(q);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(c == q ? "\\" + c : String.valueOf(c));
      }
    }
    return b.append(q).toString();
  }

  /**
   * Python's {@code repr(float)}: shortest round-trip digits, {@code 1.0} not {@code 1}, and
   * exponent notation ({@code 1e-05}, {@code 1e+16}) outside 1e-4 &lt;= |x| &lt; 1e16.
   */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + pad2(Math.abs(exponent));
    }
    String plain = exact.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  private static String pad2(int e) {
    return e < 10 ? "0" + e : Integer.toString(e);
  }
}
