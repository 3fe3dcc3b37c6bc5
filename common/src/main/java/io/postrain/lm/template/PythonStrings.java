package io.postrain.lm.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python {@code str} methods that Hugging Face chat templates call on strings ({@code
 * content.startswith('<tool_response>')}, {@code content.split('</think>')[-1].lstrip('\n')}), with
 * Python's semantics; Jinjava would otherwise look for Java methods of those names.
 */
final class PythonStrings {

  private PythonStrings() {}

  /** Whether {@link #call} knows {@code method}. */
  static boolean knows(String method) {
    return switch (method) {
      case "startswith",
          "endswith",
          "split",
          "rsplit",
          "strip",
          "lstrip",
          "rstrip",
          "replace",
          "upper",
          "lower",
          "title",
          "capitalize",
          "find",
          "rfind",
          "count",
          "join",
          "isdigit",
          "isspace",
          "isalpha",
          "isalnum",
          "isupper",
          "islower" ->
          true;
      default -> false;
    };
  }

  /** Calls Python's {@code s.method(*args)}. */
  static Object call(String s, String method, Object[] args) {
    return switch (method) {
      case "startswith" -> anyOf(args, 1, p -> s.startsWith(p));
      case "endswith" -> anyOf(args, 1, p -> s.endsWith(p));
      case "split" -> split(s, arg(args, 0), maxsplit(args));
      case "rsplit" -> rsplit(s, arg(args, 0), maxsplit(args));
      case "strip" -> rstrip(lstrip(s, arg(args, 0)), arg(args, 0));
      case "lstrip" -> lstrip(s, arg(args, 0));
      case "rstrip" -> rstrip(s, arg(args, 0));
      case "replace" -> replace(s, args);
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "lower" -> s.toLowerCase(Locale.ROOT);
      case "title" -> title(s);
      case "capitalize" ->
          s.isEmpty()
              ? s
              : s.substring(0, 1).toUpperCase(Locale.ROOT)
                  + s.substring(1).toLowerCase(Locale.ROOT);
      case "find" -> (long) s.indexOf(required(args, method));
      case "rfind" -> (long) s.lastIndexOf(required(args, method));
      case "count" -> count(s, required(args, method));
      case "join" -> join(s, args);
      case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
      case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
      case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
      case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
      case "isupper" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase());
      case "islower" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase());
      default -> throw new ChatTemplateException("str has no method '" + method + "'");
    };
  }

  /** Python's {@code str[index]}: negative indices count from the end. */
  static String charAt(String s, long index) {
    long i = index < 0 ? s.length() + index : index;
    if (i < 0 || i >= s.length()) {
      throw new ChatTemplateException("string index out of range: " + index);
    }
    return s.substring((int) i, (int) i + 1);
  }

  private static String arg(Object[] args, int i) {
    return args.length > i && args[i] != null ? args[i].toString() : null;
  }

  private static String required(Object[] args, String method) {
    String a = arg(args, 0);
    if (a == null) {
      throw new ChatTemplateException("str." + method + "() needs a string argument");
    }
    return a;
  }

  private static int maxsplit(Object[] args) {
    return args.length > 1 && args[1] instanceof Number n ? n.intValue() : -1;
  }

  private static boolean anyOf(Object[] args, int n, java.util.function.Predicate<String> test) {
    if (args.length < n || args[0] == null) {
      throw new ChatTemplateException("startswith/endswith need a string or a list of strings");
    }
    if (args[0] instanceof List<?> options) {
      return options.stream().anyMatch(o -> test.test(String.valueOf(o)));
    }
    return test.test(args[0].toString());
  }

  private static List<String> split(String s, String sep, int maxsplit) {
    List<String> parts = new ArrayList<>();
    if (sep == null) {
      return splitWhitespace(s, maxsplit);
    }
    if (sep.isEmpty()) {
      throw new ChatTemplateException("str.split(): empty separator");
    }
    int start = 0;
    int at;
    while ((maxsplit < 0 || parts.size() < maxsplit) && (at = s.indexOf(sep, start)) >= 0) {
      parts.add(s.substring(start, at));
      start = at + sep.length();
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static List<String> splitWhitespace(String s, int maxsplit) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length()) {
        return parts;
      }
      if (maxsplit >= 0 && parts.size() == maxsplit) {
        parts.add(s.substring(i).stripTrailing());
        return parts;
      }
      int start = i;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      parts.add(s.substring(start, i));
    }
  }

  private static List<String> rsplit(String s, String sep, int maxsplit) {
    if (maxsplit < 0 || sep == null) {
      return split(s, sep, maxsplit);
    }
    List<String> parts = new ArrayList<>();
    int end = s.length();
    int at;
    while (parts.size() < maxsplit && (at = s.lastIndexOf(sep, end - sep.length())) >= 0) {
      parts.add(0, s.substring(at + sep.length(), end));
      end = at;
    }
    parts.add(0, s.substring(0, end));
    return parts;
  }

  private static boolean strips(char c, String chars) {
    return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
  }

  static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length() && strips(s.charAt(i), chars)) {
      i++;
    }
    return s.substring(i);
  }

  static String rstrip(String s, String chars) {
    int end = s.length();
    while (end > 0 && strips(s.charAt(end - 1), chars)) {
      end--;
    }
    return s.substring(0, end);
  }

  private static String replace(String s, Object[] args) {
    if (args.length < 2) {
      throw new ChatTemplateException("str.replace() needs (old, new[, count])");
    }
    String from = String.valueOf(args[0]);
    String to = String.valueOf(args[1]);
    int count = args.length > 2 && args[2] instanceof Number n ? n.intValue() : -1;
    if (count < 0) {
      return s.replace(from, to);
    }
    StringBuilder b = new StringBuilder();
    int start = 0;
    int at;
    for (int done = 0; done < count && (at = s.indexOf(from, start)) >= 0; done++) {
      b.append(s, start, at).append(to);
      start = at + from.length();
    }
    return b.append(s.substring(start)).toString();
  }

  private static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean previousCased = false;
    for (char c : s.toCharArray()) {
      b.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
      previousCased = Character.isLetter(c);
    }
    return b.toString();
  }

  private static long count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.length() + 1L;
    }
    long n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
      n++;
    }
    return n;
  }

  private static String join(String sep, Object[] args) {
    if (args.length != 1 || !(args[0] instanceof Iterable<?> items)) {
      throw new ChatTemplateException("str.join() needs one list of strings");
    }
    List<String> parts = new ArrayList<>();
    items.forEach(o -> parts.add(String.valueOf(o)));
    return String.join(sep, parts);
  }
}
