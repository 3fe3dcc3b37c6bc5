package io.postrain.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One packaged Quarkus service ({@code java -jar <svc>/target/quarkus-app/quarkus-run.jar}) running
 * as a child process, ready once {@code GET /q/health/ready} answers 200.
 *
 * <p>The child gets its HTTP port, the Kafka bootstrap servers, a data directory for its H2 files
 * ({@code postrain.data-dir}) and the caller's extra system properties; its stdout and stderr go to
 * a log file. {@link #close} sends SIGTERM and kills the child if it has not exited after a grace
 * period; {@link #restart} runs the same command line again.
 */
public final class ServiceProcess extends ChildJvm {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final int LOG_LINES = 30;

  private final StackService service;
  private final long startedNanos;

  private ServiceProcess(
      StackService service, Process process, int port, Path log, List<String> command) {
    super(process, port, log, command);
    this.service = service;
    this.startedNanos = System.nanoTime();
  }

  /**
   * Starts the service without waiting for it; call {@link #awaitReady} next.
   *
   * @param jar the service's {@code quarkus-run.jar}
   * @param port the HTTP port, free right now
   * @param dataDir the service's own data directory (H2 files); created when missing
   * @param log where the child's stdout and stderr go
   * @param properties extra {@code -D} system properties, e.g. model directories
   * @throws IllegalStateException when the jar is missing
   */
  public static ServiceProcess start(
      StackService service,
      Path jar,
      int port,
      String bootstrapServers,
      Path dataDir,
      Path log,
      Map<String, String> properties) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          service.moduleName()
              + " is not built: "
              + jar
              + " is missing (build with ./mvnw -B -DskipTests install)");
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.javaExecutable());
    command.add("-Xss4m");
    command.add("-Dai.djl.offline=true");
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dkafka.bootstrap.servers=" + bootstrapServers);
    command.add("-Dpostrain.data-dir=" + dataDir.toAbsolutePath());
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    return new ServiceProcess(service, ChildProcesses.start(command, log), port, log, command);
  }

  /**
   * Starts the service again with the same command line (port, Kafka, data directory, properties,
   * log file) and waits until it is ready; for the supervisor, once this process has exited.
   *
   * @throws IllegalStateException when it does not become ready (the new process is stopped)
   */
  public ServiceProcess restart(Duration readyTimeout) {
    ServiceProcess next = new ServiceProcess(service, relaunch(), port, log, command);
    try {
      next.awaitReady(readyTimeout);
      return next;
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
  }

  /**
   * Polls {@code /q/health/ready} until it answers 200.
   *
   * @return the time from start to ready
   * @throws IllegalStateException when the service exits or is not ready in time, quoting the last
   *     lines of its log
   */
  public Duration awaitReady(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    long deadline = startedNanos + timeout.toNanos();
    String lastAnswer = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw failure("exited with code " + process.exitValue());
      }
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
        lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
      } catch (IOException e) {
        lastAnswer = "no answer (" + e.getClass().getSimpleName() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + service.moduleName(), e);
      }
      sleep(POLL);
    }
    throw failure(
        "was not ready within "
            + timeout.toSeconds()
            + " s (last /q/health/ready: "
            + lastAnswer
            + ")");
  }

  /** The service this process runs. */
  public StackService service() {
    return service;
  }

  /** The service's base URL, e.g. {@code http://127.0.0.1:8081}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(
        service.moduleName()
            + " "
            + what
            + "; last lines of "
            + log
            + ":"
            + System.lineSeparator()
            + ChildProcesses.tail(log, LOG_LINES));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a service", e);
    }
  }
}
