package io.postrain.lm.checkpoint;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file under a temporary sibling name and moves it into place, so a crash never leaves a
 * half-written file under the final name. The result is world-readable (rw-r--r--), unlike a plain
 * temporary file (rw-------), because other services read checkpoints from a shared store.
 */
final class AtomicFiles {

  private AtomicFiles() {}

  /** A fresh, empty temporary file next to {@code target}. */
  static Path temporarySibling(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
  }

  /** Makes {@code temp} readable by all and renames it to {@code target}, replacing it. */
  static void moveIntoPlace(Path temp, Path target) throws IOException {
    if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a temporary file after a failure, recording a failed delete on {@code failure}. */
  static void deleteAfterFailure(Path temp, Exception failure) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
