package io.postrain.cli.stack;

import java.nio.file.Path;
import java.util.Map;

/** What the supervisor prints when a child exits on its own: who, how, and its last log lines. */
final class ExitReport {

  /** Log lines quoted under the exit line. */
  static final int LOG_LINES = 10;

  private static final Map<Integer, String> SIGNALS =
      Map.of(
          1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8,
          "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

  private ExitReport() {}

  /**
   * How a process ended: {@code exit code 3}, or for 128+n (the JDK's code for a child killed by
   * signal n) {@code exit code 137 (killed by signal 9, SIGKILL)}.
   */
  static String describe(int exitCode) {
    int signal = exitCode - 128;
    if (signal < 1 || signal > 64) {
      return "exit code " + exitCode;
    }
    String name = SIGNALS.get(signal);
    return "exit code "
        + exitCode
        + " (killed by signal "
        + signal
        + (name == null ? "" : ", " + name)
        + ")";
  }

  /**
   * The report: one line naming the process, its pid and how it ended, then the last {@link
   * #LOG_LINES} lines of its log, each indented by two spaces.
   */
  static String of(String name, long pid, int exitCode, Path log) {
    StringBuilder out =
        new StringBuilder()
            .append(name)
            .append(" (pid ")
            .append(pid)
            .append(") exited unexpectedly with ")
            .append(describe(exitCode))
            .append("; last lines of ")
            .append(log)
            .append(':');
    String tail = ChildProcesses.tail(log, LOG_LINES);
    tail.lines().forEach(line -> out.append(System.lineSeparator()).append("  ").append(line));
    return out.toString();
  }
}
