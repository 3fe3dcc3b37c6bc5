package io.postrain.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The overlays of deploy/kubernetes, rendered by {@code kubectl kustomize} once per JVM. */
final class Overlays {

  /** Every overlay; the test fails when a directory appears that is not listed here. */
  static final List<String> ALL = List.of("cpu", "gpu", "dev");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

  private Overlays() {}

  /** The repository root (surefire sets postrain.root to the module's parent). */
  static Path root() {
    return Path.of(System.getProperty("postrain.root", "..")).toAbsolutePath().normalize();
  }

  static Path kustomizeDir() {
    return root().resolve("deploy/kubernetes");
  }

  /** The objects {@code kubectl kustomize deploy/kubernetes/overlays/<overlay>} prints. */
  static List<ObjectNode> render(String overlay) {
    return RENDERED.computeIfAbsent(overlay, Overlays::run);
  }

  private static List<ObjectNode> run(String overlay) {
    assumeTrue(
        kubectlPresent(),
        "kubectl is not on the PATH: the overlays cannot be rendered here (CI has kubectl)");
    Path dir = kustomizeDir().resolve("overlays").resolve(overlay);
    try {
      Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
      Process process =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl kustomize " + dir + " did not finish in 60 s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.delete(out);
      if (process.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + text);
      }
      return parse(text);
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl kustomize " + dir + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while rendering " + dir, e);
    }
  }

  /** The documents of a multi-document YAML text, empty ones left out. */
  static List<ObjectNode> parse(String text) throws IOException {
    List<ObjectNode> objects = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(text)) {
      for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (node instanceof ObjectNode object) {
          objects.add(object);
        }
      }
    }
    return objects;
  }

  static boolean kubectlPresent() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        return true;
      }
    }
    return false;
  }

  /** The objects of one kind. */
  static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  /** The one object of this kind and name (generated names: the name before kustomize's hash). */
  static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
    List<ObjectNode> found =
        ofKind(objects, kind).stream()
            .filter(o -> name.equals(o.path("metadata").path("name").asText()))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The pod template spec of a Deployment or StatefulSet. */
  static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }
}
