package io.postrain.testing;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker that can be stopped and started again as the same broker: the same
 * listener and controller ports, cluster id and log directory, so the clients configured with its
 * address reconnect by themselves, and topics, records and committed offsets survive. Tests of
 * broker outages get it through {@link InjectKafkaBroker}.
 */
public final class KafkaBrokerControl {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerControl.class);

  private static final String CLUSTER_ID = "postrain-test-cluster";

  private final int kafkaPort;
  private final int controllerPort;
  private final Path logDir;
  private final Consumer<Properties> settings;
  private EmbeddedKafkaBroker broker;

  /**
   * Prepares a broker on two free ports with a new log directory; nothing runs until {@link
   * #start()}.
   *
   * @param settings broker properties on top of the embedded broker's defaults
   */
  KafkaBrokerControl(Consumer<Properties> settings) {
    this.settings = settings;
    this.kafkaPort = freePort();
    this.controllerPort = freePort();
    try {
      this.logDir = Files.createTempDirectory("postrain-kafka");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's log directory", e);
    }
  }

  /** Starts the broker (again) on its ports and log directory; returns once it accepts clients. */
  public synchronized void start() {
    if (broker != null) {
      throw new IllegalStateException("the broker at " + bootstrapServers() + " is running");
    }
    long t0 = System.nanoTime();
    broker =
        new EmbeddedKafkaBroker()
            .withClusterId(CLUSTER_ID)
            .withKafkaPort(kafkaPort)
            .withControllerPort(controllerPort)
            .withDeleteLogDirsOnClose(false)
            .withAdditionalProperties(
                props -> {
                  settings.accept(props);
                  // On stop the broker tells its controller it leaves, so a restart does not
                  // wait out the previous registration's session (9 s) before it leads again.
                  props.put("controlled.shutdown.enable", "true");
                  props.put("log.dir", logDir.toString());
                })
            .start();
    LOG.info(
        "Kafka broker at {} (log dir {}) started in {} ms",
        bootstrapServers(),
        logDir,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Stops the broker; its clients lose the connection and retry. The log directory is kept for
   * {@link #start()}.
   */
  public synchronized void stop() {
    if (broker == null) {
      throw new IllegalStateException("the broker at " + bootstrapServers() + " is not running");
    }
    broker.close();
    broker = null;
    LOG.info("Kafka broker at {} stopped", bootstrapServers());
  }

  /** Whether the broker runs. */
  public synchronized boolean isRunning() {
    return broker != null;
  }

  /** The {@code bootstrap.servers} of the broker, the same across restarts. */
  public String bootstrapServers() {
    return "localhost:" + kafkaPort;
  }

  /** Stops the broker if it runs and deletes its log directory. */
  synchronized void destroy() {
    if (broker != null) {
      stop();
    }
    try (Stream<Path> files = Files.walk(logDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the broker's log directory " + logDir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for the broker", e);
    }
  }
}
