package io.postrain.cli.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches the stack's children and restarts one that exits on its own.
 *
 * <p>When a watched child exits and the supervisor is not {@linkplain #close stopping}, it prints
 * which child ended, how (exit code, signal) and the last lines of its log ({@link ExitReport}),
 * then restarts it after the {@link RestartPolicy}'s back-off through the child's own restart (same
 * command line: same port, data directory and log). After too many fast failures in a row it prints
 * why it gives up and completes {@link #gaveUp}. {@link #close} stops all of this, so a normal stop
 * or Ctrl-C, which end the children on purpose, never triggers a restart.
 */
public final class Supervisor implements AutoCloseable {

  private final RestartPolicy policy;
  private final PrintStream out;
  private final ScheduledExecutorService timer;
  private final CompletableFuture<String> gaveUp = new CompletableFuture<>();
  private volatile boolean stopping;

  /**
   * @param policy when to restart and when to give up
   * @param out where the exit reports and restart lines go
   */
  public Supervisor(RestartPolicy policy, PrintStream out) {
    this.policy = policy;
    this.out = out;
    this.timer =
        Executors.newScheduledThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "postrain-stack-supervisor");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Watches {@code child}, which is ready now.
   *
   * @param name the child's name in messages, e.g. {@code inference-service}
   * @param restart starts the child again and returns it once ready; throws when it cannot
   * @param onRestarted told of each restarted child (the new process) once its restart line is
   *     printed, before it is watched
   */
  public <T extends ChildJvm> void watch(
      String name, T child, Supplier<T> restart, Consumer<T> onRestarted) {
    Watched<T> watched = new Watched<>(name, restart, onRestarted);
    watched.follow(child);
  }

  /**
   * Completes with the give-up message when the supervisor stopped restarting a child; never
   * completes otherwise.
   */
  public CompletableFuture<String> gaveUp() {
    return gaveUp;
  }

  /** Stops watching: exits from now on are expected (a normal stop), nothing is restarted. */
  @Override
  public void close() {
    stopping = true;
    timer.shutdownNow();
  }

  /** One watched child: its restart, and the count of fast failures in a row. */
  private final class Watched<T extends ChildJvm> {
    private final String name;
    private final Supplier<T> restart;
    private final Consumer<T> onRestarted;
    private int fastFailures;
    private long readySince;

    Watched(String name, Supplier<T> restart, Consumer<T> onRestarted) {
      this.name = name;
      this.restart = restart;
      this.onRestarted = onRestarted;
    }

    void follow(T child) {
      readySince = System.nanoTime();
      child.onExit().thenRun(() -> exited(child));
    }

    private void exited(T child) {
      if (stopping) {
        return;
      }
      out.println(ExitReport.of(name, child.pid(), child.exitCode(), child.logFile()));
      decide(Duration.ofNanos(System.nanoTime() - readySince), child);
    }

    private void decide(Duration uptime, T last) {
      RestartPolicy.Decision decision = policy.afterExit(fastFailures, uptime);
      fastFailures = decision.fastFailures();
      if (decision.giveUp()) {
        String message =
            "giving up on "
                + name
                + ": it failed "
                + fastFailures
                + " times in a row, each within "
                + policy.stableAfter().toSeconds()
                + " s of starting; see "
                + last.logFile();
        out.println(message);
        gaveUp.complete(message);
        return;
      }
      String count =
          fastFailures == 0
              ? "it had run " + seconds(uptime) + ": the count of fast failures starts again"
              : "failure " + fastFailures + " of at most " + policy.maxFastFailures() + " in a row";
      out.println("restarting " + name + " in " + seconds(decision.delay()) + " (" + count + ")");
      try {
        timer.schedule(() -> restart(last), decision.delay().toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Stopped meanwhile: nothing to restart.
      }
    }

    private void restart(T last) {
      if (stopping) {
        return;
      }
      long start = System.nanoTime();
      T next;
      try {
        next = restart.get();
      } catch (RuntimeException e) {
        if (!stopping) {
          out.println(name + " did not come back: " + e.getMessage());
          decide(Duration.ZERO, last);
        }
        return;
      }
      if (stopping) {
        next.close();
        return;
      }
      out.println(
          name
              + " restarted (pid "
              + next.pid()
              + ", port "
              + next.port()
              + ") in "
              + seconds(Duration.ofNanos(System.nanoTime() - start)));
      onRestarted.accept(next);
      follow(next);
    }
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
