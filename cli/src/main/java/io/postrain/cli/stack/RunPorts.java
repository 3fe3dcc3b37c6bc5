package io.postrain.cli.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The ports of one run directory, kept in {@code <run-dir>/ports.properties} so that a stack
 * started again over the same directory ({@code --run-dir}) takes the same ports when they are
 * free: clients of the earlier run keep working, and the broker keeps its advertised address.
 */
final class RunPorts {

  static final String FILE = "ports.properties";

  private final Path file;
  private final Properties ports = new Properties();
  private final PrintStream progress;

  private RunPorts(Path file, PrintStream progress) {
    this.file = file;
    this.progress = progress;
  }

  /** The ports recorded in {@code runDir}, none when it is a new run. */
  static RunPorts of(Path runDir, PrintStream progress) {
    RunPorts run = new RunPorts(runDir.resolve(FILE), progress);
    if (Files.isRegularFile(run.file)) {
      try (Reader reader = Files.newBufferedReader(run.file, StandardCharsets.UTF_8)) {
        run.ports.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + run.file, e);
      }
    }
    return run;
  }

  /**
   * The port for {@code name}: the recorded one when it is free, otherwise {@code preferred} when
   * it is free (and not 0), otherwise any free port; recorded for the next start.
   */
  synchronized int take(String name, int preferred) {
    String recorded = ports.getProperty(name);
    int port;
    if (recorded != null && FreePorts.isFree(Integer.parseInt(recorded))) {
      port = Integer.parseInt(recorded);
    } else {
      port = FreePorts.preferred(preferred);
      if (recorded != null) {
        progress.println(
            name + ": port " + recorded + " of the earlier run is taken; using " + port);
      }
    }
    ports.setProperty(name, Integer.toString(port));
    save();
    return port;
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        ports.store(writer, "ports of this run; postrain stack --run-dir reuses them when free");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
