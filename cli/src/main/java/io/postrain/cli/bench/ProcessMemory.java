package io.postrain.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): the current RSS and its
 * peak (VmHWM), which include native memory (libtorch) unlike the JVM heap figures.
 */
final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Peak resident set size in bytes (VmHWM), or -1 where /proc is not readable. */
  static long peakRssBytes() {
    return field("VmHWM:");
  }

  /** Current resident set size in bytes (VmRSS), or -1 where /proc is not readable. */
  static long rssBytes() {
    return field("VmRSS:");
  }

  /**
   * Resets the peak to the current RSS (writes 5 to /proc/self/clear_refs, Linux 4.0+).
   *
   * @return whether the kernel accepted the reset
   */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** Parses a {@code Name: 1234 kB} line of {@code status} text; -1 when absent. */
  static long parseKbField(List<String> lines, String name) {
    for (String line : lines) {
      if (line.startsWith(name)) {
        String[] parts = line.substring(name.length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
      }
    }
    return -1;
  }

  private static long field(String name) {
    try {
      return parseKbField(Files.readAllLines(STATUS), name);
    } catch (IOException e) {
      return -1;
    }
  }
}
