package io.postrain.cli.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A child JVM started by the stack: its process, the port it serves and its log file (stdout and
 * stderr). {@link #close} sends SIGTERM, then SIGKILL when it has not exited after a grace period.
 * {@link #relaunch} runs the same command line again, with its output appended to the same log, so
 * a restarted child keeps its port and its directories.
 */
public abstract class ChildJvm implements AutoCloseable {

  /** The child process. */
  protected final Process process;

  /** The port it serves. */
  protected final int port;

  /** Its log file. */
  protected final Path log;

  /** The command line it was started with. */
  protected final List<String> command;

  /**
   * @param process the child process
   * @param port the port it serves
   * @param log its log file
   * @param command the command line it was started with
   */
  protected ChildJvm(Process process, int port, Path log, List<String> command) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.command = List.copyOf(command);
  }

  /** Starts {@link #command} again, its output appended to {@link #log}. */
  protected Process relaunch() {
    return ChildProcesses.start(command, log);
  }

  /** Completes when the child has exited, whoever ended it. */
  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /**
   * The child's exit code; 128+n when signal n killed it.
   *
   * @throws IllegalThreadStateException while it runs
   */
  public int exitCode() {
    return process.exitValue();
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
