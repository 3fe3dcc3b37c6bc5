package io.postrain.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies a model directory (its regular files, not subdirectories such as checkpoints). */
public final class ModelFiles {

  private ModelFiles() {}

  /**
   * Copies the files of {@code source} into {@code target} (created, files replaced).
   *
   * @return {@code target}
   * @throws IllegalArgumentException when {@code source} has no {@code config.json}
   */
  public static Path copy(Path source, Path target) {
    if (!Files.isRegularFile(source.resolve("config.json"))) {
      throw new IllegalArgumentException(
          "not a model directory (no config.json): " + source.toAbsolutePath());
    }
    try (Stream<Path> files = Files.list(source)) {
      Files.createDirectories(target);
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
    }
  }
}
