package io.postrain.lm.template;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python slice {@code [start:stop:step]} (each part may be absent), applied to lists and strings
 * with Python's rules: negative positions count from the end, out-of-range bounds are clamped, a
 * negative step walks backwards ({@code messages[::-1]} reverses).
 *
 * @param start first position, or null for the default (0, or the end when step is negative)
 * @param stop position to stop before, or null for the default (past the end in step direction)
 * @param step distance between positions, or null for 1; never 0
 */
record PythonSlice(Long start, Long stop, Long step) {

  PythonSlice {
    if (step != null && step == 0) {
      throw new ChatTemplateException("slice step cannot be zero");
    }
  }

  /**
   * Jinjava hands subscripts to resolvers as strings, so a slice travels as this text and is read
   * back by {@link #parse}.
   */
  private static final String PREFIX = "\u0000py_slice:";

  @Override
  public String toString() {
    return PREFIX + start + ":" + stop + ":" + step;
  }

  /** The slice written by {@link #toString}, or null when {@code property} is not one. */
  static PythonSlice parse(Object property) {
    if (!(property instanceof String s) || !s.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = s.substring(PREFIX.length()).split(":", -1);
    return new PythonSlice(part(parts[0]), part(parts[1]), part(parts[2]));
  }

  private static Long part(String p) {
    return p.equals("null") ? null : Long.valueOf(p);
  }

  /** Builds a slice from template values (numbers or none); the target of {@code _py_slice}. */
  static PythonSlice of(Object start, Object stop, Object step) {
    return new PythonSlice(toLong(start), toLong(stop), toLong(step));
  }

  private static Long toLong(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof Number n) {
      return n.longValue();
    }
    throw new ChatTemplateException("slice indices must be integers or none, got: " + o);
  }

  /** The positions this slice selects from a sequence of {@code length} items, in order. */
  List<Integer> indices(int length) {
    long st = step == null ? 1 : step;
    List<Integer> picked = new ArrayList<>();
    if (st > 0) {
      long from = bound(start, 0, length, 0, length);
      long to = bound(stop, length, length, 0, length);
      for (long i = from; i < to; i += st) {
        picked.add((int) i);
      }
    } else {
      long from = bound(start, length - 1, length, -1, length - 1);
      long to = bound(stop, -1, length, -1, length - 1);
      for (long i = from; i > to; i += st) {
        picked.add((int) i);
      }
    }
    return picked;
  }

  private static long bound(Long value, long absent, int length, long min, long max) {
    if (value == null) {
      return absent;
    }
    long v = value < 0 ? value + length : value;
    return Math.max(min, Math.min(max, v));
  }

  /** Applies the slice to a list, a string, or an array-like value. */
  Object apply(Object target) {
    if (target instanceof CharSequence s) {
      StringBuilder b = new StringBuilder();
      for (int i : indices(s.length())) {
        b.append(s.charAt(i));
      }
      return b.toString();
    }
    if (target instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i : indices(list.size())) {
        out.add(list.get(i));
      }
      return out;
    }
    throw new ChatTemplateException(
        "cannot slice a " + (target == null ? "none" : target.getClass().getSimpleName()));
  }
}
