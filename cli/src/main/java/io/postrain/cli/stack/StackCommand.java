package io.postrain.cli.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postrain stack}: runs the Kafka broker and the three services locally until Ctrl-C.
 *
 * <p>Progress goes to stderr; once everything is ready, stdout gets one {@code name value} line per
 * endpoint (the three base URLs, {@code kafka} bootstrap servers, {@code run-dir}). A child that
 * exits on its own is restarted with back-off; when the supervisor gives up on one, the stack stops
 * and the command exits 1.
 */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Run Kafka and the three services locally until Ctrl-C.",
      "A process that exits on its own is reported (exit code, last log lines) and restarted"
          + " on the same port and run directory; --run-dir over an earlier run continues it."
    })
public final class StackCommand implements Callable<Integer> {

  @Option(
      names = "--run-dir",
      description =
          "Directory for broker data, service databases and logs (default: a fresh"
              + " <postrain.home>/.postrain/run/<timestamp>); an earlier run's directory"
              + " continues that run.")
  Path runDir;

  @Option(
      names = "--any-ports",
      description = "Use any free ports instead of 8081..8083 for the services.")
  boolean anyPorts;

  @Option(
      names = "--ready-timeout",
      defaultValue = "180",
      description = "Seconds each process may take to become ready (default: ${DEFAULT-VALUE}).")
  long readyTimeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    StackOptions options =
        StackOptions.defaults(home()).withReadyTimeout(Duration.ofSeconds(readyTimeoutSeconds));
    if (runDir != null) {
      options = options.withRunDir(runDir);
    }
    if (anyPorts) {
      options = options.withAnyPorts();
    }
    LocalStack stack = LocalStack.start(options, System.err);
    for (StackService service : StackService.values()) {
      System.out.println(service.moduleName() + " " + stack.baseUrl(service));
    }
    System.out.println("kafka " + stack.bootstrapServers());
    System.out.println("run-dir " + stack.runDir());
    System.out.flush();
    System.err.println(
        "stack is up; logs in " + stack.runDir().resolve("logs") + "; Ctrl-C stops it");
    // The stack's shutdown hook stops every process on Ctrl-C; until then the supervisor restarts
    // what exits, and when it gives up on a child, the stack stops with that message.
    String gaveUp;
    try {
      gaveUp = stack.gaveUp().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the stack's supervisor failed", e.getCause());
    }
    stack.close();
    System.err.println("stack stopped: " + gaveUp);
    return 1;
  }

  /** The repository root, from {@code -Dpostrain.home} (set by ./postrain). */
  public static Path home() {
    String home = System.getProperty("postrain.home");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException(
          "system property postrain.home is not set; run through ./postrain");
    }
    return Path.of(home);
  }
}
