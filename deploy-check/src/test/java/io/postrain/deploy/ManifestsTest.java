package io.postrain.deploy;

import static io.postrain.deploy.Overlays.named;
import static io.postrain.deploy.Overlays.ofKind;
import static io.postrain.deploy.Overlays.podSpec;
import static io.postrain.deploy.Overlays.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the rendered overlays must hold beyond their schemas. */
class ManifestsTest {

  private static final Set<String> GPU_SERVICES = Set.of("inference-service", "trainer-service");

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|USER|USERNAME|CREDENTIALS?)$");

  static Stream<String> overlays() {
    return Overlays.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void gpuLimitsNodeSelectorsAndTolerationsOnTrainerAndInferenceInGpuOnly(String overlay) {
    for (ObjectNode deployment : ofKind(render(overlay), "Deployment")) {
      String name = deployment.path("metadata").path("name").asText();
      JsonNode pod = podSpec(deployment);
      JsonNode container = pod.path("containers").get(0);
      boolean gpu = overlay.equals("gpu") && GPU_SERVICES.contains(name);
      String where = overlay + "/" + name;
      assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asInt(0))
          .as(where + " limits nvidia.com/gpu")
          .isEqualTo(gpu ? 1 : 0);
      assertThat(pod.path("nodeSelector").path("nvidia.com/gpu.present").asText(""))
          .as(where + " nodeSelector")
          .isEqualTo(gpu ? "true" : "");
      boolean tolerates = false;
      for (JsonNode toleration : pod.path("tolerations")) {
        tolerates |=
            toleration.path("key").asText().equals("nvidia.com/gpu")
                && toleration.path("effect").asText().equals("NoSchedule")
                && toleration.path("operator").asText().equals("Exists");
      }
      assertThat(tolerates).as(where + " tolerates nvidia.com/gpu:NoSchedule").isEqualTo(gpu);
      assertThat(env(container, "PYTORCH_FLAVOR"))
          .as(where + " PYTORCH_FLAVOR")
          .isEqualTo(gpu ? "cu128" : null);
      assertThat(container.path("image").asText())
          .as(where + " image flavour")
          .endsWith(gpu ? "-cu128" : "-cpu");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasStartupReadinessAndLivenessProbes(String overlay) {
    List<ObjectNode> workloads = new ArrayList<>(ofKind(render(overlay), "Deployment"));
    workloads.addAll(ofKind(render(overlay), "StatefulSet"));
    assertThat(workloads).hasSizeGreaterThanOrEqualTo(3);
    for (ObjectNode workload : workloads) {
      String name = workload.path("metadata").path("name").asText();
      for (JsonNode container : containers(workload)) {
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
          assertThat(container.has(probe)).as(overlay + "/" + name + " " + probe).isTrue();
        }
        if (ServiceSettings.SERVICES.contains(name)) {
          String port = ServiceSettings.read(name).require("quarkus.http.port");
          assertThat(container.path("ports").get(0).path("containerPort").asText())
              .as(name + " container port = quarkus.http.port")
              .isEqualTo(port);
          assertThat(container.at("/startupProbe/httpGet/path").asText())
              .isEqualTo("/q/health/started");
          assertThat(container.at("/readinessProbe/httpGet/path").asText())
              .isEqualTo("/q/health/ready");
          assertThat(container.at("/livenessProbe/httpGet/path").asText())
              .isEqualTo("/q/health/live");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyImageIsTaggedAndNoneIsLatest(String overlay) {
    List<ObjectNode> workloads = new ArrayList<>(ofKind(render(overlay), "Deployment"));
    workloads.addAll(ofKind(render(overlay), "StatefulSet"));
    for (ObjectNode workload : workloads) {
      for (JsonNode container : containers(workload)) {
        String image = container.path("image").asText();
        String last = image.substring(image.lastIndexOf('/') + 1);
        boolean digest = image.contains("@sha256:");
        assertThat(digest || last.contains(":")).as(image + " has a tag").isTrue();
        assertThat(last.endsWith(":latest")).as(image + " is not latest").isFalse();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noSecretValueIsInlined(String overlay) {
    List<ObjectNode> objects = render(overlay);
    List<ObjectNode> workloads = new ArrayList<>(ofKind(objects, "Deployment"));
    workloads.addAll(ofKind(objects, "StatefulSet"));
    for (ObjectNode workload : workloads) {
      for (JsonNode container : containers(workload)) {
        for (JsonNode variable : container.path("env")) {
          String name = variable.path("name").asText();
          if (SECRET_NAME.matcher(name).matches()) {
            assertThat(variable.has("value")).as(name + " set inline").isFalse();
            assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
                .as(name + " from a Secret")
                .startsWith("postrain-db");
          }
        }
      }
    }
    for (ObjectNode map : ofKind(objects, "ConfigMap")) {
      map.path("data")
          .fieldNames()
          .forEachRemaining(
              key ->
                  assertThat(SECRET_NAME.matcher(key).matches())
                      .as("ConfigMap key " + key)
                      .isFalse());
    }
    // The cpu and gpu overlays expect Secret postrain-db to exist; only dev makes its own.
    List<String> secrets =
        ofKind(objects, "Secret").stream()
            .map(s -> s.path("metadata").path("name").asText())
            .toList();
    if (overlay.equals("dev")) {
      assertThat(secrets).singleElement().asString().startsWith("postrain-db-");
    } else {
      assertThat(secrets).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyTopicTheCodeUsesHasAKafkaTopicAndNoOtherTopicIsDeclared(String overlay) {
    Set<String> used = new TreeSet<>();
    for (String topic : Topics.ALL) {
      used.add(topic);
    }
    for (String service : ServiceSettings.SERVICES) {
      used.addAll(ServiceSettings.read(service).topics());
    }
    // Every consumed topic has its dead-letter topic (failure-strategy dead-letter-queue).
    assertThat(used).contains(Topics.dlq(Topics.PROMPTS), Topics.dlq(Topics.RESPONSES));
    List<ObjectNode> objects = render(overlay);
    String cluster = ofKind(objects, "Kafka").get(0).path("metadata").path("name").asText();
    Set<String> declared = new TreeSet<>();
    for (ObjectNode topic : ofKind(objects, "KafkaTopic")) {
      String name = topic.path("spec").path("topicName").asText("");
      declared.add(name.isEmpty() ? topic.path("metadata").path("name").asText() : name);
      assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(cluster);
    }
    assertThat(declared).isEqualTo(used);
  }

  @Test
  void inferenceScalesOnPromptsLagOfItsGroupUpToThePartitionsOfPrompts() {
    List<ObjectNode> objects = render("cpu");
    ServiceSettings inference = ServiceSettings.read("inference-service");
    JsonNode trigger =
        named(objects, "ScaledObject", "inference-service").at("/spec/triggers/0/metadata");
    assertThat(trigger.path("topic").asText()).isEqualTo(Topics.PROMPTS);
    assertThat(trigger.path("consumerGroup").asText())
        .isEqualTo(inference.require("mp.messaging.incoming.prompts.group.id"));
    int partitions = named(objects, "KafkaTopic", Topics.PROMPTS).at("/spec/partitions").asInt();
    assertThat(
            named(objects, "ScaledObject", "inference-service").at("/spec/maxReplicaCount").asInt())
        .isEqualTo(partitions);
    assertThat(
            named(objects, "PodDisruptionBudget", "inference-service")
                .at("/spec/maxUnavailable")
                .asInt())
        .isEqualTo(1);
    // The Deployment leaves the replica count to KEDA.
    assertThat(named(objects, "Deployment", "inference-service").path("spec").has("replicas"))
        .isFalse();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyConfigMapKeyIsASettingOfItsService(String overlay) {
    List<ObjectNode> objects = render(overlay);
    List<ObjectNode> maps = ofKind(objects, "ConfigMap");
    assertThat(maps).hasSize(ServiceSettings.SERVICES.size());
    for (String service : ServiceSettings.SERVICES) {
      ObjectNode map = generated(maps, service + "-config-");
      Set<String> known = ServiceSettings.read(service).environmentNames();
      List<String> unknown = new ArrayList<>();
      map.path("data")
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (!known.contains(key)) {
                  unknown.add(key);
                }
              });
      assertThat(unknown)
          .as(overlay + ": keys of " + service + "'s ConfigMap that are none of its settings")
          .isEmpty();
      // The service's container reads its own ConfigMap and no other.
      JsonNode container = podSpec(named(objects, "Deployment", service)).path("containers").get(0);
      assertThat(container.at("/envFrom/0/configMapRef/name").asText())
          .isEqualTo(map.path("metadata").path("name").asText());
      assertThat(container.path("envFrom")).hasSize(1);
    }
  }

  @Test
  void environmentNamesFollowSmallRyeConfigsRule() {
    assertThat(ServiceSettings.environmentName("postrain.inference.batching.max-batch-size"))
        .isEqualTo("POSTRAIN_INFERENCE_BATCHING_MAX_BATCH_SIZE");
    assertThat(ServiceSettings.environmentName("kafka.bootstrap.servers"))
        .isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(ServiceSettings.read("inference-service").environmentNames())
        .contains("POSTRAIN_PG_URL", "POSTRAIN_MODEL_STORE")
        .doesNotContain("POSTRAIN_TRAINER_JOBS_MAX_STEPS");
  }

  private static ObjectNode generated(List<ObjectNode> objects, String prefix) {
    List<ObjectNode> found =
        objects.stream()
            .filter(o -> o.path("metadata").path("name").asText().startsWith(prefix))
            .toList();
    assertThat(found).as("one object named " + prefix + "<hash>").hasSize(1);
    return found.get(0);
  }

  private static List<JsonNode> containers(JsonNode workload) {
    List<JsonNode> all = new ArrayList<>();
    podSpec(workload).path("initContainers").forEach(all::add);
    podSpec(workload).path("containers").forEach(all::add);
    return all;
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (variable.path("name").asText().equals(name)) {
        return variable.path("value").asText();
      }
    }
    return null;
  }
}
