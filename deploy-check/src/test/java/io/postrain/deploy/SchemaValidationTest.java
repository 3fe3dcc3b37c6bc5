package io.postrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered object is valid for its API: core types, Strimzi, KEDA, prometheus-operator. */
class SchemaValidationTest {

  static Stream<String> overlays() {
    return Overlays.ALL.stream();
  }

  @Test
  void everyOverlayDirectoryIsChecked() throws IOException {
    try (Stream<Path> dirs = Files.list(Overlays.kustomizeDir().resolve("overlays"))) {
      assertThat(dirs.map(d -> d.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(Overlays.ALL);
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyObjectIsValidForItsSchema(String overlay) {
    List<ObjectNode> objects = Overlays.render(overlay);
    assertThat(objects).hasSizeGreaterThan(20);
    List<String> problems = new ArrayList<>();
    for (ObjectNode object : objects) {
      List<String> found =
          CoreSchema.knows(object)
              ? CoreSchema.validate(object)
              : CrdSchema.knows(object)
                  ? CrdSchema.validate(object)
                  : List.of("no schema (neither a known core type nor a vendored CRD)");
      String name =
          object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
      found.forEach(p -> problems.add(overlay + ": " + name + ": " + p));
    }
    assertThat(problems).isEmpty();
  }

  // The validators themselves: each refuses what the API server would refuse or silently drop.

  @Test
  void coreSchemaRefusesAnUnknownFieldAndAWrongType() throws IOException {
    ObjectNode misspelt =
        one(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec:
              replica: 2
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    - name: x
                      image: x:1
                      readinessProbe: {httpGet: {path: /, port: 80}, periodSecond: 5}
            """);
    assertThat(CoreSchema.validate(misspelt))
        .containsExactlyInAnyOrder(
            "unknown field .spec.replica",
            "unknown field .spec.template.spec.containers[0].readinessProbe.periodSecond");

    ObjectNode wrongType =
        one(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: x}
            spec:
              ports: [{port: eighty}]
            """);
    assertThat(CoreSchema.validate(wrongType)).hasSize(1);
    assertThat(CoreSchema.validate(wrongType).get(0)).contains("eighty");
  }

  @Test
  void crdSchemaRefusesAnUnknownFieldAWrongTypeAndAMissingRequiredField() throws IOException {
    ObjectNode topic =
        one(
            """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaTopic
            metadata: {name: t}
            spec: {partitions: 3, replicas: 3}
            """);
    assertThat(CrdSchema.validate(topic)).isEmpty();

    ObjectNode misspelt = topic.deepCopy();
    ((ObjectNode) misspelt.get("spec")).put("partition", 3);
    assertThat(CrdSchema.validate(misspelt)).singleElement().asString().contains("partition");

    ObjectNode wrongType = topic.deepCopy();
    ((ObjectNode) wrongType.get("spec")).put("partitions", "twelve");
    assertThat(CrdSchema.validate(wrongType)).singleElement().asString().contains("partitions");

    ObjectNode noListeners =
        one(
            """
            apiVersion: kafka.strimzi.io/v1
            kind: Kafka
            metadata: {name: k}
            spec: {kafka: {config: {}}}
            """);
    assertThat(CrdSchema.validate(noListeners)).singleElement().asString().contains("listeners");
  }

  private static ObjectNode one(String yaml) throws IOException {
    return Overlays.parse(yaml).get(0);
  }
}
