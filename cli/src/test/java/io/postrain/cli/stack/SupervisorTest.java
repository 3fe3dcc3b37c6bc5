package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor over real child processes ({@code sh}), killed with SIGKILL or exiting. */
class SupervisorTest {

  private static final RestartPolicy QUICK =
      new RestartPolicy(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofSeconds(60), 3);

  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final BlockingQueue<ShellChild> restarted = new LinkedBlockingQueue<>();
  private final Supervisor supervisor = new Supervisor(QUICK, out);

  @AfterEach
  void stopAll() {
    supervisor.close();
    restarted.forEach(ShellChild::close);
  }

  @Test
  void aKilledChildIsReportedAndStartedAgainWithTheSameCommand() throws Exception {
    // exec: the shell becomes sleep, so the pid it printed is the pid we kill.
    ShellChild first =
        ShellChild.start(dir.resolve("svc.log"), "echo \"up as $$\"; exec sleep 600");
    try {
      supervisor.watch("svc", first, first::restart, restarted::add);
      awaitLog(first, "up as " + first.pid());

      ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
      ShellChild second = restarted.poll(30, TimeUnit.SECONDS);

      assertThat(second).as("restarted child").isNotNull();
      assertThat(second.pid()).isNotEqualTo(first.pid());
      assertThat(second.isAlive()).isTrue();
      awaitLog(second, "up as " + second.pid());
      assertThat(output())
          .contains(
              "svc (pid "
                  + first.pid()
                  + ") exited unexpectedly with exit code 137 (killed by signal 9, SIGKILL);"
                  + " last lines of "
                  + dir.resolve("svc.log")
                  + ":"
                  + System.lineSeparator()
                  + "  up as "
                  + first.pid())
          .contains("restarting svc in 0.0 s (failure 1 of at most 3 in a row)")
          .contains("svc restarted (pid " + second.pid() + ", port 0)");
    } finally {
      first.close();
    }
  }

  @Test
  void aChildStoppedAfterCloseIsNotRestarted() throws Exception {
    ShellChild child = ShellChild.start(dir.resolve("svc.log"), "exec sleep 600");
    supervisor.watch("svc", child, child::restart, restarted::add);

    supervisor.close();
    child.close();
    child.onExit().get(30, TimeUnit.SECONDS);

    // Ten times the first back-off: a restart would have happened by now.
    assertThat(restarted.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(output()).isEmpty();
  }

  @Test
  void givesUpAfterTooManyFastFailuresInARow() throws Exception {
    ShellChild child = ShellChild.start(dir.resolve("flaky.log"), "echo boom; exit 3");
    supervisor.watch("flaky", child, child::restart, restarted::add);

    String message = supervisor.gaveUp().get(30, TimeUnit.SECONDS);

    assertThat(message)
        .isEqualTo(
            "giving up on flaky: it failed 3 times in a row, each within 60 s of starting; see "
                + dir.resolve("flaky.log"));
    // Started once, restarted twice (after 20 ms, then 40 ms), the third exit gives up.
    assertThat(restarted).hasSize(2);
    String text = output();
    assertThat(text.split("exited unexpectedly with exit code 3;", -1)).hasSize(4);
    assertThat(text)
        .contains("restarting flaky in 0.0 s (failure 1 of at most 3 in a row)")
        .contains("restarting flaky in 0.0 s (failure 2 of at most 3 in a row)")
        .contains(System.lineSeparator() + "  boom")
        .endsWith(message + System.lineSeparator());
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void awaitLog(ShellChild child, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!ChildProcesses.tail(child.logFile(), 10).contains(text)) {
      assertThat(System.nanoTime()).as("'%s' in %s", text, child.logFile()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A shell command as a supervised child. */
  static final class ShellChild extends ChildJvm {

    private ShellChild(Process process, Path log, List<String> command) {
      super(process, 0, log, command);
    }

    static ShellChild start(Path log, String script) {
      List<String> command = List.of("sh", "-c", script);
      return new ShellChild(ChildProcesses.start(command, log), log, command);
    }

    ShellChild restart() {
      return new ShellChild(relaunch(), log, command);
    }
  }
}
