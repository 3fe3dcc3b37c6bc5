package io.postrain.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;

/** A JRE made by jlink from the JDK running the build, with the modules the services use. */
final class Jre {

  /**
   * The modules: what Quarkus, Hibernate ORM, the Kafka client, the PostgreSQL driver and DJL reach
   * (java.desktop for java.beans, jdk.unsupported for sun.misc.Unsafe, jdk.crypto.ec for TLS,
   * jdk.zipfs for jar file systems).
   */
  static final List<String> MODULES =
      List.of(
          "java.base",
          "java.compiler",
          "java.desktop",
          "java.instrument",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.prefs",
          "java.rmi",
          "java.scripting",
          "java.security.jgss",
          "java.security.sasl",
          "java.sql",
          "java.transaction.xa",
          "java.xml",
          "java.xml.crypto",
          "jdk.crypto.ec",
          "jdk.management",
          "jdk.naming.dns",
          "jdk.unsupported",
          "jdk.zipfs");

  private Jre() {}

  /** Makes the JRE at dir unless a previous build made it there. */
  static void ensure(Path dir) throws IOException {
    if (Files.isExecutable(dir.resolve("bin/java"))) {
      return;
    }
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists but holds no bin/java: remove it and rebuild");
    }
    ToolProvider jlink =
        ToolProvider.findFirst("jlink")
            .orElseThrow(
                () -> new IllegalStateException("jlink not found: build the images with a JDK"));
    Files.createDirectories(dir.getParent());
    System.out.println("jlink: " + MODULES.size() + " modules into " + dir);
    int status =
        jlink.run(
            System.out,
            System.err,
            "--add-modules",
            String.join(",", MODULES),
            "--strip-debug",
            "--no-man-pages",
            "--no-header-files",
            "--compress=2",
            "--output",
            dir.toString());
    if (status != 0) {
      throw new IllegalStateException("jlink failed with status " + status);
    }
  }
}
