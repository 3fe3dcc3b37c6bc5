package io.postrain.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one rule for every name or id that becomes part of a file path (model names, versions, job
 * ids, dataset ids), and the check that a path built from names stays inside its root.
 *
 * <p>A name is 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}, starts with a
 * letter or digit and holds no {@code ..}: so it is one path element, never hidden, never a parent
 * reference, and the same on every file system. Separators ({@code /}, {@code \}), {@code :},
 * {@code %}, spaces and control characters (NUL included) are refused.
 */
public final class Names {

  /** The longest accepted name. */
  public static final int MAX_LENGTH = 128;

  /** The rule in words, for error messages. */
  public static final String RULE =
      "1 to "
          + MAX_LENGTH
          + " characters of letters, digits, '.', '_' and '-', starting with a letter or digit,"
          + " without '..'";

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

  /** How much of a refused value an error message shows. */
  private static final int SHOWN = 40;

  private Names() {}

  /** Whether {@code name} follows the rule. */
  public static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }

  /**
   * Requires a name that follows the rule.
   *
   * @param field the field holding it (a JSON path such as {@code outputModel}), for the error
   * @return {@code name}
   * @throws InvalidEventException naming the field, the refused value and the rule
   */
  public static String check(String field, String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidEventException(field, field + " is missing: expected " + RULE);
    }
    if (!valid(name)) {
      throw new InvalidEventException(
          field, field + " " + show(name) + " is not an accepted name: expected " + RULE);
    }
    return name;
  }

  /**
   * The path {@code root/names[0]/names[1]/...}, each name checked by the rule and the result
   * checked by {@link #checkInside}.
   *
   * @throws IllegalArgumentException when a name breaks the rule or the path leaves {@code root}
   */
  public static Path inside(Path root, String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("a path inside " + root + " needs at least one name");
    }
    Path path = root;
    for (String name : names) {
      if (!valid(name)) {
        throw new IllegalArgumentException(
            "path element " + show(name) + " under " + root + " is not accepted: expected " + RULE);
      }
      path = path.resolve(name);
    }
    return checkInside(root, path);
  }

  /**
   * Requires {@code path} to lie strictly below {@code root} once both are absolute, normalised and
   * their existing parts resolved through symbolic links (the real path of the deepest existing
   * ancestor, the rest appended): a link inside the root that leads outside is refused like a
   * {@code ..}.
   *
   * @return the resolved path, below the real root
   * @throws IllegalArgumentException when the path leaves the root, is the root, or cannot be
   *     resolved (e.g. a dangling link)
   */
  public static Path checkInside(Path root, Path path) {
    Path realRoot = resolveExisting(root);
    Path resolved = resolveExisting(root.resolve(path));
    if (!resolved.startsWith(realRoot) || resolved.equals(realRoot)) {
      throw new IllegalArgumentException(
          "path "
              + path
              + " is outside "
              + root
              + (resolved.equals(path.toAbsolutePath().normalize())
                  ? ""
                  : " (it leads to " + resolved + ")")
              + ": only paths inside it are read, written or deleted");
    }
    return resolved;
  }

  /** The absolute, normalised path with its deepest existing ancestor replaced by its real path. */
  private static Path resolveExisting(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot resolve " + existing + " (a link to nothing?): " + e.getMessage(), e);
    }
  }

  /** A refused value for a message: quoted, control characters escaped, long ones cut. */
  static String show(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    int shown = Math.min(value.length(), SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (value.length() > SHOWN) {
      out.append("... (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
