package io.postrain.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code checkpoint-<step>} directories of an output directory. A checkpoint is written into a
 * hidden temporary directory and renamed when complete, so a killed process leaves either a whole
 * checkpoint or none; the newest {@value #KEEP} are kept.
 */
final class TrainerCheckpoints {

  /** Checkpoints kept (transformers' {@code save_total_limit}). */
  static final int KEEP = 2;

  private static final Logger LOG = LoggerFactory.getLogger(TrainerCheckpoints.class);
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  private TrainerCheckpoints() {}

  /** The newest complete checkpoint of {@code outputDir}, if any. */
  static Optional<Path> newest(Path outputDir) {
    return complete(outputDir).stream().reduce((a, b) -> b);
  }

  /** Complete checkpoints (holding trainer_state.json), oldest first. */
  static List<Path> complete(Path outputDir) {
    if (!Files.isDirectory(outputDir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(outputDir)) {
      return entries
          .filter(p -> step(p) >= 0 && Files.isRegularFile(p.resolve(TrainerState.FILE)))
          .sorted(Comparator.comparingInt(TrainerCheckpoints::step))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + outputDir, e);
    }
  }

  /** The step of a {@code checkpoint-<step>} path, or -1. */
  static int step(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * Writes {@code checkpoint-<step>} atomically: {@code contents} fills a temporary directory,
   * which is then renamed; older checkpoints beyond {@link #KEEP} are deleted afterwards.
   */
  static Path write(Path outputDir, int step, Consumer<Path> contents) {
    Path target = outputDir.resolve("checkpoint-" + step);
    Path temp = outputDir.resolve(".checkpoint-" + step + ".tmp");
    try {
      deleteTree(temp);
      Files.createDirectories(temp);
      contents.accept(temp);
      deleteTree(target);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
    List<Path> all = complete(outputDir);
    for (int i = 0; i < all.size() - KEEP; i++) {
      deleteTree(all.get(i));
    }
    return target;
  }

  /** Removes the checkpoints and temporary directories of an earlier run (fresh start). */
  static void clear(Path outputDir) {
    if (!Files.isDirectory(outputDir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(outputDir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (step(p) >= 0 || (name.startsWith(".checkpoint-") && name.endsWith(".tmp"))) {
          LOG.warn("fresh start: removing {} of an earlier run", p);
          deleteTree(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + outputDir, e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
