package io.postrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates custom resources against the openAPIV3Schema of their CustomResourceDefinition
 * (src/test/resources/crds, see SOURCES.md there), made strict as the API server's pruning is: an
 * object schema that lists its properties and neither allows others nor preserves unknown fields
 * refuses any other field, where plain JSON Schema would let a misspelt field through.
 */
final class CrdSchema {

  static final List<String> FILES =
      List.of(
          "040-Crd-kafka.yaml",
          "043-Crd-kafkatopic.yaml",
          "045-Crd-kafkanodepool.yaml",
          "keda.sh_scaledobjects.yaml",
          "monitoring.coreos.com_servicemonitors.yaml");

  /** apiVersion/kind (e.g. kafka.strimzi.io/v1/KafkaTopic) -> its schema. */
  private static final Map<String, JsonSchema> SCHEMAS = load();

  private CrdSchema() {}

  static boolean knows(JsonNode object) {
    return SCHEMAS.containsKey(key(object));
  }

  /** The problems found in one object, each naming its path; empty when it is valid. */
  static List<String> validate(JsonNode object) {
    JsonSchema schema = SCHEMAS.get(key(object));
    if (schema == null) {
      return List.of("no CRD schema for " + key(object) + " (known: " + SCHEMAS.keySet() + ")");
    }
    return schema.validate(object).stream().map(ValidationMessage::getMessage).toList();
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  private static Map<String, JsonSchema> load() {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    Map<String, JsonSchema> schemas = new HashMap<>();
    for (String file : FILES) {
      JsonNode crd = read("/crds/" + file);
      String group = crd.path("spec").path("group").asText();
      String kind = crd.path("spec").path("names").path("kind").asText();
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (!version.path("served").asBoolean()) {
          continue;
        }
        JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
        strict(schema);
        String key = group + "/" + version.path("name").asText() + "/" + kind;
        schemas.put(key, factory.getSchema(schema));
      }
    }
    return schemas;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + resource);
      }
      return Overlays.YAML.readTree(in);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  /** Adds additionalProperties: false where the API server would prune unknown fields. */
  static void strict(JsonNode schema) {
    if (schema instanceof ObjectNode node) {
      if (node.has("properties")
          && !node.has("additionalProperties")
          && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        node.put("additionalProperties", false);
      }
      node.properties().forEach(entry -> strict(entry.getValue()));
    } else if (schema instanceof ArrayNode array) {
      array.forEach(CrdSchema::strict);
    }
  }
}
