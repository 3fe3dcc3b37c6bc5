package io.postrain.cli.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine: a Kafka broker and the three services, each a child process.
 *
 * <p>{@link #start} starts the broker, then the three services at once, and returns when all are
 * ready; on failure it stops what it started. A JVM shutdown hook stops everything on Ctrl-C, so no
 * child outlives the caller.
 *
 * <p>Once all are ready a {@link Supervisor} watches them: a child that exits on its own is
 * reported (exit code, signal, last log lines) and restarted with back-off on the same port and run
 * directory. By default every start uses a fresh run directory; started over an earlier one it
 * continues that run: the broker's storage is kept (not formatted again), the services open their
 * H2 files again, and the ports of {@code ports.properties} are taken again when free.
 */
public final class LocalStack implements AutoCloseable {

  private final StackOptions options;
  private final PrintStream progress;
  private final Thread shutdownHook;
  private final Supervisor supervisor;
  private final RunPorts ports;
  private final RunLock lock;
  private volatile KafkaBroker broker;
  private final Map<StackService, ServiceProcess> services = new EnumMap<>(StackService.class);
  private boolean closed;

  private LocalStack(StackOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
    this.shutdownHook = new Thread(this::close, "postrain-stack-shutdown");
    this.lock = RunLock.acquire(options.runDir());
    this.supervisor = new Supervisor(options.restartPolicy(), progress);
    this.ports = RunPorts.of(options.runDir(), progress);
  }

  /**
   * Starts the broker and the services and waits until all are ready.
   *
   * @param progress where progress lines go, e.g. {@code System.err}
   * @throws IllegalStateException when another stack runs over the same run directory, or a process
   *     fails to start or become ready (everything started is stopped first)
   */
  public static LocalStack start(StackOptions options, PrintStream progress) {
    LocalStack stack = new LocalStack(options, progress);
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      stack.startBroker();
      stack.startServices();
      stack.supervise();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /** The broker's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** The base URL of {@code service}, e.g. {@code http://127.0.0.1:8081}. */
  public String baseUrl(StackService service) {
    return services.get(service).baseUrl();
  }

  /** The run directory: broker data, service data and {@code logs/}. */
  public Path runDir() {
    return options.runDir();
  }

  /** The broker. */
  public KafkaBroker broker() {
    return broker;
  }

  /** The running service processes. */
  public synchronized List<ServiceProcess> services() {
    return List.copyOf(services.values());
  }

  /** The process running {@code service} now (a restart replaces it). */
  public synchronized ServiceProcess service(StackService service) {
    return services.get(service);
  }

  /**
   * Completes with the supervisor's message when it gave up restarting a child (the stack is then
   * incomplete); never completes otherwise.
   */
  public java.util.concurrent.CompletableFuture<String> gaveUp() {
    return supervisor.gaveUp();
  }

  /** Stops the services, then the broker; safe to call twice and from the shutdown hook. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // First: the children are now ended on purpose, none of them is to be restarted.
    supervisor.close();
    services.values().parallelStream().forEach(ServiceProcess::close);
    if (broker != null) {
      broker.close();
    }
    stopStrays();
    lock.close();
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook runs close(), which is now a no-op.
      }
    }
  }

  /**
   * Stops any child of this JVM that belongs to this run (its command line names the run directory)
   * and is not stopped yet, e.g. a broker still starting when Ctrl-C came.
   */
  private void stopStrays() {
    String marker = options.runDir().toAbsolutePath().toString();
    ProcessHandle.current()
        .descendants()
        .filter(child -> child.info().commandLine().orElse("").contains(marker))
        .forEach(
            child -> {
              child.destroy();
              child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
              child.destroyForcibly();
            });
  }

  private void supervise() {
    supervisor.watch(
        "Kafka broker",
        broker,
        () -> broker.restart(options.readyTimeout()),
        next -> broker = next);
    for (ServiceProcess process : services()) {
      supervisor.watch(
          process.service().moduleName(),
          process,
          () -> service(process.service()).restart(options.readyTimeout()),
          this::register);
    }
  }

  private synchronized void register(ServiceProcess process) {
    services.put(process.service(), process);
    if (closed) {
      process.close();
      throw new IllegalStateException("the local stack was stopped while starting");
    }
  }

  private void startBroker() {
    if (KafkaBroker.isFormatted(options.runDir().resolve("kafka"))) {
      progress.println(
          "continuing the run in "
              + options.runDir()
              + " (its broker data and service databases are kept)");
    }
    progress.print("starting Kafka broker ... ");
    progress.flush();
    long start = System.nanoTime();
    try {
      broker =
          KafkaBroker.start(
              options.runDir().resolve("kafka"),
              ports.take("kafka", 0),
              ports.take("kafka-controller", 0),
              StackTopics.all(),
              options.readyTimeout());
    } catch (RuntimeException e) {
      progress.println("failed");
      throw e;
    }
    progress.println(
        "ready in "
            + seconds(Duration.ofNanos(System.nanoTime() - start))
            + " at "
            + broker.bootstrapServers());
  }

  private void startServices() {
    Path logs = options.runDir().resolve("logs");
    List<ServiceProcess> started = new ArrayList<>();
    for (StackService service : StackService.values()) {
      int port =
          ports.take(service.moduleName(), options.defaultPorts() ? service.defaultPort() : 0);
      ServiceProcess process =
          ServiceProcess.start(
              service,
              service.jar(options.home()),
              port,
              broker.bootstrapServers(),
              options.runDir().resolve(service.moduleName()),
              logs.resolve(service.moduleName() + ".log"),
              options.propertiesOf(service));
      register(process);
      started.add(process);
      progress.println("starting " + service.moduleName() + " on port " + port + " ...");
    }
    for (ServiceProcess process : started) {
      Duration took = process.awaitReady(options.readyTimeout());
      progress.println(process.service().moduleName() + " ready in " + seconds(took));
    }
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
