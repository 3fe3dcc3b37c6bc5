package io.postrain.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared libraries of this machine an image without a base needs: every library the JRE's
 * binaries link against (ldd), and those libtorch 2.7.1 (cpu) links against beyond the ones it
 * carries (ldd of DJL's extracted libtorch: libstdc++, libgcc_s, libm, libdl, libpthread, librt,
 * libc; libgomp comes with libtorch). Each is put at the path the dynamic loader names.
 */
final class NativeLibraries {

  /** Libraries libtorch needs from the system, by soname. */
  static final List<String> LIBTORCH_NEEDS =
      List.of(
          "libstdc++.so.6",
          "libgcc_s.so.1",
          "libm.so.6",
          "libdl.so.2",
          "libpthread.so.0",
          "librt.so.1",
          "libc.so.6");

  private static final Pattern LDD_LINE =
      Pattern.compile("^\\s*(\\S+)(?:\\s+=>\\s+(\\S+))?\\s+\\(0x[0-9a-f]+\\)\\s*$");

  private NativeLibraries() {}

  /** Image path -> the file on this machine (symbolic links resolved). */
  static Map<String, Path> layerSources(Path jre) throws IOException {
    Map<String, Path> libraries = new TreeMap<>();
    List<Path> binaries;
    try (Stream<Path> files = Files.walk(jre)) {
      binaries =
          files
              .filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".so") || f.getParent().endsWith("bin"))
              .toList();
    }
    // A JRE library that links against another JRE library (libjvm.so) finds it loaded already.
    Set<String> own = new TreeSet<>();
    binaries.forEach(b -> own.add(b.getFileName().toString()));
    for (Path binary : binaries) {
      ldd(binary.toString(), own, libraries);
    }
    // The JRE's own libraries (libjli.so through $ORIGIN) are in the jre layer already.
    String home = jre.toRealPath().toString();
    libraries.values().removeIf(source -> source.toString().startsWith(home));
    for (String soname : LIBTORCH_NEEDS) {
      Path path = Path.of("/lib/x86_64-linux-gnu", soname);
      if (!Files.exists(path)) {
        throw new IllegalStateException(
            soname
                + " not found in /lib/x86_64-linux-gnu: this builder expects a Debian/Ubuntu"
                + " x86_64 machine");
      }
      libraries.put(path.toString(), path.toRealPath());
    }
    return libraries;
  }

  private static void ldd(String binary, Set<String> own, Map<String, Path> libraries)
      throws IOException {
    Process process = new ProcessBuilder("ldd", binary).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running ldd " + binary, e);
    }
    for (String line : output.lines().toList()) {
      if (line.contains("not found") && !own.contains(line.trim().split("\\s+")[0])) {
        throw new IllegalStateException("ldd " + binary + ": " + line.trim());
      }
      Matcher matcher = LDD_LINE.matcher(line);
      if (!matcher.matches()) {
        continue;
      }
      // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2
      // (0x...)"
      String path = matcher.group(2) != null ? matcher.group(2) : matcher.group(1);
      if (path.startsWith("/")) {
        libraries.put(path, Path.of(path).toRealPath());
      }
    }
  }
}
