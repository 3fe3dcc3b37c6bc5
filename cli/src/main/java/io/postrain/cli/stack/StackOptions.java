package io.postrain.cli.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link LocalStack}.
 *
 * @param home the repository root, holding {@code <service>/target/quarkus-app/quarkus-run.jar}
 * @param runDir where the broker's data, the services' H2 files and all logs go
 * @param defaultPorts whether services take 8081..8083 when free (otherwise, and when taken, any
 *     free port)
 * @param properties extra system properties per service, e.g. model directories
 * @param readyTimeout how long each process may take to become ready
 * @param restartPolicy when the supervisor restarts a child that exited on its own
 */
public record StackOptions(
    Path home,
    Path runDir,
    boolean defaultPorts,
    Map<StackService, Map<String, String>> properties,
    Duration readyTimeout,
    RestartPolicy restartPolicy) {

  /** The default for {@link #readyTimeout}: Quarkus with DJL starts slowly on a busy machine. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(180);

  public StackOptions {
    Objects.requireNonNull(home, "home (the repository root) is required");
    Objects.requireNonNull(runDir, "runDir is required");
    Objects.requireNonNull(readyTimeout, "readyTimeout is required");
    Objects.requireNonNull(restartPolicy, "restartPolicy is required");
    if (readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new IllegalArgumentException("readyTimeout must be positive, got " + readyTimeout);
    }
    home = home.toAbsolutePath().normalize();
    runDir = runDir.toAbsolutePath().normalize();
    Map<StackService, Map<String, String>> copy = new EnumMap<>(StackService.class);
    properties.forEach((service, props) -> copy.put(service, Map.copyOf(props)));
    properties = Map.copyOf(copy);
  }

  /**
   * Defaults for the repository at {@code home}: a fresh run directory {@code
   * <home>/.postrain/run/<timestamp>}, default ports when free, the inference and trainer services
   * reading base models from {@code <home>/models} and sharing the model store {@code
   * <home>/.postrain/models}.
   */
  public static StackOptions defaults(Path home) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    // The inference service is ready only once it has a model: serve the repository's models/
    // (the shipped base model) unless the caller names another directory.
    String models = home.toAbsolutePath().normalize().resolve("models").toString();
    String store = home.toAbsolutePath().normalize().resolve(".postrain/models").toString();
    return new StackOptions(
            home,
            home.resolve(".postrain/run").resolve(stamp),
            true,
            Map.of(),
            DEFAULT_READY_TIMEOUT,
            RestartPolicy.DEFAULT)
        .withProperty(StackService.INFERENCE, "postrain.inference.models-dir", models)
        .withProperty(StackService.TRAINER, "postrain.trainer.models-dir", models)
        // One store for both, named, so that where the children were started does not matter: the
        // trainer writes trained models there and the inference service serves only from there.
        .withProperty(StackService.TRAINER, "postrain.model-store", store)
        .withProperty(StackService.INFERENCE, "postrain.model-store", store);
  }

  /** These options with another run directory. */
  public StackOptions withRunDir(Path dir) {
    return new StackOptions(home, dir, defaultPorts, properties, readyTimeout, restartPolicy);
  }

  /** These options with any free ports instead of 8081..8083 (for tests beside a running stack). */
  public StackOptions withAnyPorts() {
    return new StackOptions(home, runDir, false, properties, readyTimeout, restartPolicy);
  }

  /** These options with another ready timeout. */
  public StackOptions withReadyTimeout(Duration timeout) {
    return new StackOptions(home, runDir, defaultPorts, properties, timeout, restartPolicy);
  }

  /** These options with another restart policy. */
  public StackOptions withRestartPolicy(RestartPolicy policy) {
    return new StackOptions(home, runDir, defaultPorts, properties, readyTimeout, policy);
  }

  /** These options plus one system property for {@code service}. */
  public StackOptions withProperty(StackService service, String key, String value) {
    Map<StackService, Map<String, String>> copy = new EnumMap<>(StackService.class);
    copy.putAll(properties);
    Map<String, String> props = new HashMap<>(copy.getOrDefault(service, Map.of()));
    props.put(key, value);
    copy.put(service, props);
    return new StackOptions(home, runDir, defaultPorts, copy, readyTimeout, restartPolicy);
  }

  /** The extra system properties of {@code service}. */
  public Map<String, String> propertiesOf(StackService service) {
    return properties.getOrDefault(service, Map.of());
  }
}
