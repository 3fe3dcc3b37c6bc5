package io.postrain.cli.stack;

import java.nio.file.Path;

/** The three Quarkus services of the platform, with their default HTTP ports. */
public enum StackService {
  INFERENCE("inference-service", 8081),
  CURATION("curation-service", 8082),
  TRAINER("trainer-service", 8083);

  private final String moduleName;
  private final int defaultPort;

  StackService(String moduleName, int defaultPort) {
    this.moduleName = moduleName;
    this.defaultPort = defaultPort;
  }

  /** The Maven module and application name, e.g. {@code inference-service}. */
  public String moduleName() {
    return moduleName;
  }

  /** The port the service uses when it is free. */
  public int defaultPort() {
    return defaultPort;
  }

  /** The packaged application under the repository root {@code home}. */
  public Path jar(Path home) {
    return home.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
  }
}
