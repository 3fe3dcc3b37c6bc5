package io.postrain.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tarballs -Pimages wrote: tag, entrypoint, user, ports and every layer's content. */
class ImageTarballIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path DIR = Path.of(System.getProperty("images.dir", "target/images"));

  private static final String TAG = System.getProperty("images.tag", "0.1.0-SNAPSHOT-cpu");

  @ParameterizedTest
  @ValueSource(strings = {"inference-service", "curation-service", "trainer-service"})
  void imageRunsTheServiceAsANonRootUserFromFiveLayers(String service) throws Exception {
    Map<String, byte[]> files = entries(DIR.resolve(service + ".tar"));
    JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
    assertThat(manifest.path("RepoTags").get(0).asText())
        .isEqualTo("postrain/" + service + ":" + TAG);
    assertThat(TAG).doesNotContain("latest").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?-(cpu|cu\\d+)");

    JsonNode config = JSON.readTree(files.get(manifest.path("Config").asText()));
    JsonNode run = config.path("config");
    assertThat(JSON.convertValue(run.path("Entrypoint"), List.class))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:MaxRAMPercentage=75",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
            "-jar",
            "/deployments/quarkus-run.jar");
    String user = run.path("User").asText();
    assertThat(user).isEqualTo("185:185");
    assertThat(Integer.parseInt(user.split(":")[0])).isNotZero();
    assertThat(run.path("WorkingDir").asText()).isEqualTo("/deployments");
    assertThat(run.path("ExposedPorts").has(httpPort(service) + "/tcp")).isTrue();

    // Each layer: its digest matches the config's diff_id (computed here), and it holds its part.
    List<String> layers = new ArrayList<>();
    manifest.path("Layers").forEach(l -> layers.add(l.asText()));
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    assertThat(layers).hasSize(5);
    assertThat(diffIds).hasSize(5);
    List<Map<String, TarArchiveEntry>> contents = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      byte[] compressed = files.get(layers.get(i));
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      Map<String, TarArchiveEntry> listing = new LinkedHashMap<>();
      try (InputStream in =
              new DigestInputStream(
                  new GZIPInputStream(new java.io.ByteArrayInputStream(compressed)), sha256);
          TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          listing.put(e.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""), e);
        }
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      assertThat("sha256:" + HexFormat.of().formatHex(sha256.digest()))
          .as("layer " + i + " digest")
          .isEqualTo(diffIds.get(i).asText());
      contents.add(listing);
    }
    assertThat(contents.get(0)).containsKeys("etc/passwd", "etc/group");
    assertThat(contents.get(1))
        .containsKeys("lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6")
        .containsKeys("lib/x86_64-linux-gnu/libstdc++.so.6");
    assertThat(contents.get(2)).containsKeys("opt/java/bin/java", "opt/java/lib/server/libjvm.so");
    assertThat(contents.get(2).get("opt/java/bin/java").getMode() & 0111).isNotZero();
    assertThat(contents.get(3).keySet())
        .anyMatch(p -> p.startsWith("deployments/lib/boot/"))
        .anyMatch(
            p -> p.matches("deployments/lib/main/ai\\.djl\\.pytorch\\.pytorch-native-cpu-.*\\.jar"))
        .anyMatch(p -> p.matches("deployments/lib/main/org\\.postgresql\\.postgresql-.*\\.jar"));
    assertThat(contents.get(4))
        .containsKeys("deployments/quarkus-run.jar", "deployments/quarkus/quarkus-application.dat");
  }

  @ParameterizedTest
  @ValueSource(strings = {"curation-service"})
  void theImagesJavaRunsWithOnlyTheImagesFilesAsUser185(String service) throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/chroot"))
            && Files.isExecutable(Path.of("/usr/bin/unshare")),
        "running the image's java under chroot needs root, chroot and unshare (CI runs as root)");
    // World-readable, as a container's root is (a temporary directory is 700: 185 could not enter).
    Path root =
        Files.createTempDirectory(
            "image-root",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Map<String, byte[]> files = entries(DIR.resolve(service + ".tar"));
    JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
    for (JsonNode layer : manifest.path("Layers")) {
      Process untar =
          new ProcessBuilder("tar", "-xzf", "-", "-C", root.toString())
              .redirectErrorStream(true)
              .start();
      untar.getOutputStream().write(files.get(layer.asText()));
      untar.getOutputStream().close();
      assertThat(untar.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(untar.exitValue()).as(new String(untar.getInputStream().readAllBytes())).isZero();
    }
    // As a container runtime would: a private mount namespace with /proc (the loader resolves
    // the JRE's $ORIGIN run path through /proc/self/exe), then only the image's files, as 185.
    Files.createDirectories(root.resolve("proc"));
    String command =
        "mount -t proc proc "
            + root.resolve("proc")
            + " && exec /usr/sbin/chroot --userspec=185:185 "
            + root
            + " /opt/java/bin/java -version";
    Process java =
        new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", command)
            .redirectErrorStream(true)
            .start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(output).isZero();
    assertThat(output).contains("openjdk version \"17");
    new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor(60, TimeUnit.SECONDS);
  }

  private static String httpPort(String service) throws IOException {
    Properties properties = new Properties();
    Path file = Path.of("..", service, "src/main/resources/application.properties");
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties.getProperty("quarkus.http.port");
  }

  /** The files of a tarball, by name. */
  private static Map<String, byte[]> entries(Path tarball) throws IOException {
    assertThat(tarball).as("built by ./mvnw -Pimages ... package").exists();
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          files.put(e.getName(), tar.readAllBytes());
        }
      }
    }
    return files;
  }
}
