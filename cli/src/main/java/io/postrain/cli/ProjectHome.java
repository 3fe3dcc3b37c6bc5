package io.postrain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** The project root ({@code -Dpostrain.home}, set by {@code ./postrain}) and file helpers. */
public final class ProjectHome {

  private ProjectHome() {}

  /** The project root, or the working directory when {@code postrain.home} is not set. */
  public static Path root() {
    String home = System.getProperty("postrain.home");
    return (home == null ? Paths.get("") : Paths.get(home)).toAbsolutePath();
  }

  /** A relative path against the project root; an absolute one as is. */
  public static Path resolve(Path path) {
    return path.isAbsolute() ? path : root().resolve(path).normalize();
  }

  /** Deletes a directory tree; a missing one is fine. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
