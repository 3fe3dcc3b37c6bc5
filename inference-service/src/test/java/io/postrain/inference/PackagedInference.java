package io.postrain.inference;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * The packaged inference service ({@link #JAR}, or {@link #PG_JAR} for PostgreSQL, built by {@code
 * package} before failsafe runs) as a child JVM, for tests that kill it. Each {@link #start} is a
 * new process over the caller's data directory; its output is appended to {@code log}.
 */
final class PackagedInference implements AutoCloseable {

  /** The default package (H2). */
  static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  /** The package built under profile pg (db-kind postgresql), present when POSTRAIN_PG_URL is. */
  static final Path PG_JAR = Path.of("target", "quarkus-app-pg", "quarkus-run.jar");

  private final Process process;
  private final int port;
  private final Path log;

  private PackagedInference(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the service and waits until {@code /q/health/ready} answers 200.
   *
   * @param properties {@code -D} system properties (Kafka, data and models directories, profile)
   */
  static PackagedInference start(
      Path jar, Map<String, String> properties, Path log, Duration timeout) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: run mvn package first (the pg package is built when POSTRAIN_PG_URL"
              + " is set)");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xss4m");
    command.add("-Dai.djl.offline=true");
    command.add("-Dai.djl.pytorch.num_threads=1");
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + port);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
    PackagedInference service = new PackagedInference(process, port, log);
    try {
      service.awaitReady(timeout);
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /** SIGKILL, no shutdown hooks, no flushing: what a crash or an OOM killer does. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class)
        .failFast("the service exited; its log: " + log, () -> !process.isAlive())
        .until(
            () -> client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
