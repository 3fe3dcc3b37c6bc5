package io.postrain.cli.stack;

import java.nio.file.Path;

/**
 * A child JVM started by the stack: its process, the port it serves and its log file (stdout and
 * stderr). {@link #close} sends SIGTERM, then SIGKILL when it has not exited after a grace period.
 */
public abstract class ChildJvm implements AutoCloseable {

  /** The child process. */
  protected final Process process;

  /** The port it serves. */
  protected final int port;

  /** Its log file. */
  protected final Path log;

  /**
   * @param process the child process
   * @param port the port it serves
   * @param log its log file
   */
  protected ChildJvm(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The port it serves. */
  public int port() {
    return port;
  }

  /** Its log file (stdout and stderr of the child JVM). */
  public Path logFile() {
    return log;
  }

  /** The child JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the child JVM is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the child: SIGTERM, then SIGKILL when it has not exited after a grace period. */
  @Override
  public void close() {
    ChildProcesses.stop(process);
  }
}
