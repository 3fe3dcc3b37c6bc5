package io.postrain.cli.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running as a child JVM.
 *
 * <p>The child runs {@code kafka.Kafka} from {@code org.apache.kafka:kafka_2.13} on this JVM's
 * classpath, after {@code kafka-storage format} (run in this JVM) prepared its log directory. A
 * child keeps Kafka's threads, logging and memory out of the caller and can always be killed.
 * {@link #start} returns once the broker answers an admin request and the stack's topics exist;
 * {@link #close} stops the child (SIGTERM, then SIGKILL after a grace period).
 */
public final class KafkaBroker extends ChildJvm {

  /** Partitions of every topic the broker creates. */
  public static final int PARTITIONS = 1;

  private static final String JVM_HEAP = "-Xmx512m";

  private KafkaBroker(Process process, int port, Path log, List<String> command) {
    super(process, port, log, command);
  }

  /**
   * Formats storage under {@code dir}, starts the broker, waits until it serves requests and
   * creates {@code topics}.
   *
   * @param dir the broker's own directory (config, data, log); created when missing
   * @param topics topics to create with {@link #PARTITIONS} partitions and replication 1
   * @param timeout how long to wait for the broker to become ready
   * @throws IllegalStateException when the broker exits or is not ready in time (with its log tail)
   */
  public static KafkaBroker start(Path dir, List<String> topics, Duration timeout) {
    return start(dir, FreePorts.any(), FreePorts.any(), topics, timeout);
  }

  /**
   * As {@link #start(Path, List, Duration)} on the given ports. Over a directory that an earlier
   * broker formatted ({@code data/meta.properties} exists) the storage is kept as it is: the broker
   * continues with the earlier run's records, offsets and topics, and only missing topics are
   * created.
   *
   * @param port the client port
   * @param controllerPort the KRaft controller port
   */
  public static KafkaBroker start(
      Path dir, int port, int controllerPort, List<String> topics, Duration timeout) {
    Path config = writeConfig(dir, port, controllerPort);
    Path log = dir.resolve("kafka.log");
    if (!isFormatted(dir)) {
      format(config, log);
    }
    List<String> command = javaCommand(config);
    KafkaBroker broker = new KafkaBroker(ChildProcesses.start(command, log), port, log, command);
    try {
      broker.awaitReady(timeout);
      broker.createTopics(topics, timeout);
      return broker;
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /**
   * Starts the broker again over its own storage and ports and waits until it serves requests; for
   * the supervisor, once this process has exited.
   *
   * @throws IllegalStateException when it does not become ready (the new process is stopped)
   */
  public KafkaBroker restart(Duration timeout) {
    KafkaBroker next = new KafkaBroker(relaunch(), port, log, command);
    try {
      next.awaitReady(timeout);
      return next;
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
  }

  /** Whether an earlier broker formatted the storage under {@code dir}. */
  static boolean isFormatted(Path dir) {
    return Files.isRegularFile(dir.resolve("data").resolve("meta.properties"));
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private static Path writeConfig(Path dir, int port, int controllerPort) {
    Properties props = new Properties();
    props.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("log.dirs", dir.resolve("data").toAbsolutePath().toString()),
            Map.entry("num.partitions", Integer.toString(PARTITIONS)),
            Map.entry("auto.create.topics.enable", "true"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            // One local consumer per group: no reason to wait for more members.
            Map.entry("group.initial.rebalance.delay.ms", "0")));
    Path config = dir.resolve("server.properties");
    try {
      Files.createDirectories(dir);
      try (var writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        props.store(writer, "postrain local broker");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kafka config " + config, e);
    }
    return config;
  }

  /**
   * {@code kafka-storage format -t <new cluster id> -c <config>}, run in this JVM through the
   * tool's own entry point (which does not exit the JVM), its output appended to the broker log.
   */
  private static void format(Path config, Path log) {
    String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
    int exit;
    try (PrintStream out =
        new PrintStream(
            Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            true,
            StandardCharsets.UTF_8)) {
      exit = StorageTool.execute(args, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kafka log " + log, e);
    } catch (Exception e) {
      // The tool reports bad settings with exceptions Scala does not declare.
      throw new IllegalStateException("Kafka storage format failed: " + e.getMessage(), e);
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "Kafka storage format failed (exit "
              + exit
              + "); last lines of "
              + log
              + ":"
              + System.lineSeparator()
              + ChildProcesses.tail(log, 20));
    }
  }

  private static List<String> javaCommand(Path config) {
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.javaExecutable());
    command.add(JVM_HEAP);
    command.add("-XX:+UseSerialGC");
    // C1 only: a local broker starts faster and needs no peak throughput.
    command.add("-XX:TieredStopAtLevel=1");
    // The broker's own log (a file) keeps Kafka's INFO lines, unlike the CLI's stderr.
    command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info");
    command.add("-Dorg.slf4j.simpleLogger.log.kafka=info");
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("kafka.Kafka");
    command.add(config.toString());
    return command;
  }

  private Admin admin(Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 5000));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return Admin.create(props);
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin(timeout)) {
      while (true) {
        if (!process.isAlive()) {
          throw notReady("exited with code " + process.exitValue());
        }
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) {
          throw notReady("was not ready within " + timeout.toSeconds() + " s");
        }
        DescribeClusterOptions options =
            new DescribeClusterOptions().timeoutMs((int) Math.min(leftMs, 2000));
        try {
          admin.describeCluster(options).nodes().get();
          return;
        } catch (ExecutionException e) {
          // Not serving yet: retry until the deadline.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
      }
    }
  }

  private void createTopics(List<String> topics, Duration timeout) {
    List<NewTopic> newTopics =
        topics.stream().map(name -> new NewTopic(name, PARTITIONS, (short) 1)).toList();
    try (Admin admin = admin(timeout)) {
      for (var entry : admin.createTopics(newTopics).values().entrySet()) {
        try {
          entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("topics not created within " + timeout.toSeconds() + " s", e);
    }
  }

  private IllegalStateException notReady(String what) {
    return new IllegalStateException(
        "Kafka broker "
            + what
            + "; last lines of "
            + log
            + ":"
            + System.lineSeparator()
            + ChildProcesses.tail(log, 20));
  }
}
