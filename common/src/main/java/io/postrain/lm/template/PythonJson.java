package io.postrain.lm.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii, indent, separators, sort_keys)}, byte for byte: the
 * {@code tojson} filter of Hugging Face chat templates. Default separators are {@code ", "} and
 * {@code ": "} ({@code ","} between items when indenting); floats print as Python's repr.
 */
final class PythonJson {

  private final boolean ensureAscii;
  private final Integer indent;
  private final String itemSeparator;
  private final String keySeparator;
  private final boolean sortKeys;

  /**
   * @param ensureAscii escape every non-ASCII character as {@code \\uXXXX}
   * @param indent spaces per nesting level, or null for one line
   * @param separators {@code [item, key]} separators, or null for Python's defaults
   * @param sortKeys write object keys in sorted order
   */
  PythonJson(boolean ensureAscii, Integer indent, List<?> separators, boolean sortKeys) {
    this.ensureAscii = ensureAscii;
    this.indent = indent;
    if (separators != null && separators.size() != 2) {
      throw new ChatTemplateException("tojson separators must be (item, key), got " + separators);
    }
    this.itemSeparator =
        separators != null ? String.valueOf(separators.get(0)) : indent != null ? "," : ", ";
    this.keySeparator = separators != null ? String.valueOf(separators.get(1)) : ": ";
    this.sortKeys = sortKeys;
  }

  /** The JSON text of {@code value}. */
  String dumps(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.toString();
  }

  private void write(StringBuilder b, Object value, int depth) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof Boolean bool) {
      b.append(bool ? "true" : "false");
    } else if (value instanceof CharSequence s) {
      writeString(b, s.toString());
    } else if (value instanceof Number n) {
      writeNumber(b, n);
    } else if (value instanceof Map<?, ?> map) {
      writeObject(b, map, depth);
    } else if (value instanceof Iterable<?> items) {
      List<Object> list = new ArrayList<>();
      items.forEach(list::add);
      writeArray(b, list, depth);
    } else if (value instanceof Object[] array) {
      writeArray(b, List.of(array), depth);
    } else {
      throw new ChatTemplateException(
          "Object of type " + value.getClass().getSimpleName() + " is not JSON serializable");
    }
  }

  private void writeArray(StringBuilder b, List<Object> list, int depth) {
    if (list.isEmpty()) {
      b.append("[]");
      return;
    }
    b.append('[');
    for (int i = 0; i < list.size(); i++) {
      b.append(i > 0 ? itemSeparator : "");
      newline(b, depth + 1);
      write(b, list.get(i), depth + 1);
    }
    newline(b, depth);
    b.append(']');
  }

  private void writeObject(StringBuilder b, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      b.append("{}");
      return;
    }
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    if (sortKeys) {
      entries.sort((x, y) -> String.valueOf(x.getKey()).compareTo(String.valueOf(y.getKey())));
    }
    b.append('{');
    for (int i = 0; i < entries.size(); i++) {
      b.append(i > 0 ? itemSeparator : "");
      newline(b, depth + 1);
      Object key = entries.get(i).getKey();
      writeString(b, key instanceof Boolean k ? (k ? "true" : "false") : String.valueOf(key));
      b.append(keySeparator);
      write(b, entries.get(i).getValue(), depth + 1);
    }
    newline(b, depth);
    b.append('}');
  }

  private void newline(StringBuilder b, int depth) {
    if (indent != null) {
      b.append('\n').append(" ".repeat(indent * depth));
    }
  }

  private static void writeNumber(StringBuilder b, Number n) {
    if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      double d = n.doubleValue();
      b.append(
          Double.isNaN(d)
              ? "NaN"
              : Double.isInfinite(d)
                  ? (d > 0 ? "Infinity" : "-Infinity")
                  : PythonRepr.floatRepr(d));
    } else {
      b.append(n);
    }
  }

  private void writeString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || (ensureAscii && c > 0x7e)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
