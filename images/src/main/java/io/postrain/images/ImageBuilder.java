package io.postrain.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a service's container image as a tarball (docker save format, for {@code docker load},
 * {@code kind load image-archive}, {@code skopeo copy docker-archive:...}), with no daemon and no
 * registry: the base is empty (scratch) and the image carries, layer by layer, what the service
 * needs from this machine:
 *
 * <ol>
 *   <li>os: /etc/passwd and /etc/group with user postrain (185), an empty /tmp;
 *   <li>libs: the shared libraries the JRE and libtorch link against ({@link NativeLibraries});
 *   <li>jre: a JRE made by jlink from the build's JDK, at /opt/java;
 *   <li>engine (GPU images only): a DJL engine cache holding CUDA libtorch, at /opt/djl;
 *   <li>dependencies: the Quarkus application's lib/ (changes when a dependency does);
 *   <li>application: quarkus-run.jar, app/ and quarkus/ (changes with every build).
 * </ol>
 *
 * <p>Usage: {@code ImageBuilder <quarkus-app dir> <jre dir (made by jlink when missing)> <image
 * reference> <out.tar> [<engine cache dir>]}.
 */
public final class ImageBuilder {

  /** The user the services run as: not root; 185 as in the Quarkus base images. */
  static final String USER = "185:185";

  static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");

  private ImageBuilder() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4 || args.length > 5) {
      System.err.println(
          "usage: ImageBuilder <quarkus-app dir> <jre dir> <image reference> <out.tar>"
              + " [<engine cache dir>]");
      System.exit(2);
    }
    Path app = Path.of(args[0]);
    Path jre = Path.of(args[1]);
    Path out = Path.of(args[3]);
    Path engine = args.length == 5 ? Path.of(args[4]) : null;
    build(app, jre, args[2], out, engine);
  }

  static void build(Path app, Path jre, String reference, Path out, Path engine) throws Exception {
    require(app.resolve("quarkus-run.jar"), "a packaged Quarkus application (quarkus-app)");
    Jre.ensure(jre);
    if (engine != null) {
      require(engine, "a DJL engine cache directory with CUDA libtorch");
    }
    ImageReference image = tagged(reference);
    Path work = out.toAbsolutePath().getParent();
    Files.createDirectories(work);
    System.out.println("image " + image + ": layers from " + app + " and " + jre);

    JibContainerBuilder builder =
        Jib.fromScratch()
            .setCreationTime(Instant.EPOCH)
            .setUser(USER)
            .setWorkingDirectory(DEPLOYMENTS)
            .setExposedPorts(Set.of(Port.tcp(Integer.parseInt(portOf(image)))))
            .setEnvironment(environment(engine != null))
            .setEntrypoint(
                List.of(
                    "/opt/java/bin/java",
                    "-XX:MaxRAMPercentage=75",
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-jar",
                    "/deployments/quarkus-run.jar"))
            .addLabel("org.opencontainers.image.title", image.getRepository())
            .addLabel("org.opencontainers.image.version", image.getTag().orElseThrow())
            .addFileEntriesLayer(osLayer(work))
            .addFileEntriesLayer(tree("libs", NativeLibraries.layerSources(jre)))
            .addFileEntriesLayer(directory("jre", jre, AbsoluteUnixPath.get("/opt/java")));
    if (engine != null) {
      builder.addFileEntriesLayer(directory("engine", engine, AbsoluteUnixPath.get("/opt/djl")));
    }
    builder
        .addFileEntriesLayer(
            directory("dependencies", app.resolve("lib"), DEPLOYMENTS.resolve("lib")))
        .addFileEntriesLayer(application(app));
    builder.containerize(
        Containerizer.to(TarImage.at(out).named(image))
            .setOfflineMode(true)
            .setApplicationLayersCache(work.resolve("jib-cache"))
            .setBaseImageLayersCache(work.resolve("jib-cache")));
    System.out.println(
        "image " + image + " written to " + out + " (" + Files.size(out) / (1 << 20) + " MiB)");
  }

  /** The reference, refused when it has no tag or the tag is latest. */
  static ImageReference tagged(String reference) throws InvalidImageReferenceException {
    ImageReference image = ImageReference.parse(reference);
    String tag = image.getTag().orElse("");
    if (tag.isEmpty() || tag.equals("latest") || !reference.contains(":")) {
      throw new IllegalArgumentException(
          "image reference "
              + reference
              + " needs a tag other than latest, e.g. "
              + image.getRepository()
              + ":0.1.0-cpu");
    }
    return image;
  }

  /** The HTTP port of the service the image is named after (as in its application.properties). */
  static String portOf(ImageReference image) {
    Map<String, String> ports =
        Map.of("inference-service", "8081", "curation-service", "8082", "trainer-service", "8083");
    String name = image.getRepository().substring(image.getRepository().lastIndexOf('/') + 1);
    String port = ports.get(name);
    if (port == null) {
      throw new IllegalArgumentException(
          "image " + image + " is none of the services " + ports.keySet());
    }
    return port;
  }

  private static Map<String, String> environment(boolean gpu) {
    return gpu
        ? Map.of(
            "JAVA_HOME", "/opt/java",
            "LANG", "C.UTF-8",
            "DJL_OFFLINE", "true",
            "PYTORCH_FLAVOR", "cu128",
            "ENGINE_CACHE_DIR", "/opt/djl")
        : Map.of("JAVA_HOME", "/opt/java", "LANG", "C.UTF-8", "DJL_OFFLINE", "true");
  }

  private static FileEntriesLayer osLayer(Path work) throws IOException {
    Path etc = work.resolve("os/etc");
    Files.createDirectories(etc);
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/sbin/nologin\npostrain:x:185:185:postrain:/deployments:/sbin/nologin\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\npostrain:x:185:\n");
    Path tmp = work.resolve("os/tmp");
    Files.createDirectories(tmp);
    return FileEntriesLayer.builder()
        .setName("os")
        .addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"))
        .addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"))
        .addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"))
        .build();
  }

  private static FileEntriesLayer application(Path app) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
    layer.addEntry(app.resolve("quarkus-run.jar"), DEPLOYMENTS.resolve("quarkus-run.jar"));
    for (String dir : List.of("app", "quarkus")) {
      addTree(layer, app.resolve(dir), DEPLOYMENTS.resolve(dir));
    }
    return layer.build();
  }

  private static FileEntriesLayer directory(String name, Path source, AbsoluteUnixPath target)
      throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    addTree(layer, source, target);
    return layer.build();
  }

  /** A layer of single files: image path -> file on this machine. */
  private static FileEntriesLayer tree(String name, Map<String, Path> files) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    files.forEach(
        (target, source) ->
            layer.addEntry(
                source, AbsoluteUnixPath.get(target), FilePermissions.fromOctalString("755")));
    return layer.build();
  }

  /** Adds every file under source, keeping executables executable (the JRE's bin/). */
  private static void addTree(FileEntriesLayer.Builder layer, Path source, AbsoluteUnixPath target)
      throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      files
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(
              file -> {
                String relative = source.relativize(file).toString().replace('\\', '/');
                FilePermissions permissions =
                    FilePermissions.fromOctalString(Files.isExecutable(file) ? "755" : "644");
                layer.addEntry(file, target.resolve(relative), permissions);
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void require(Path path, String what) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("expected " + what + " at " + path + ": not found");
    }
  }
}
