package io.postrain.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a running stack holds on its run directory ({@code stack.lock}), so that a second {@code
 * ./postrain stack --run-dir DIR} over a run still in progress is refused instead of starting a
 * second broker on the same data: two brokers over one KRaft log corrupt it (seen: the first broker
 * died with "CorruptRecordException ... __cluster_metadata-0"). The operating system releases the
 * lock when the process ends, however it ends.
 */
final class RunLock implements AutoCloseable {

  static final String FILE = "stack.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code runDir}, creating the directory when missing.
   *
   * @throws IllegalStateException when another stack holds it
   */
  static RunLock acquire(Path runDir) {
    Path file = runDir.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(runDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      close(channel);
      throw new IllegalStateException(
          "another postrain stack is running over "
              + runDir
              + " (it holds "
              + file
              + "): stop it first (Ctrl-C), or give another --run-dir");
    }
    return new RunLock(channel, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // The channel's close below releases it too.
    }
    close(channel);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing to do: the lock goes with the process anyway.
    }
  }
}
