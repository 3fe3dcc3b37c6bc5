package io.postrain.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Validates core Kubernetes objects against the API types of the fabric8 Kubernetes model (one Java
 * class per API type, generated from the Kubernetes OpenAPI specification): each object is read
 * into its type with no coercion of scalars (a string where a number belongs is refused), and any
 * field the type does not define, which fabric8 keeps in {@code additionalProperties} and the API
 * server would drop, is reported by its path. Required fields are not checked.
 */
final class CoreSchema {

  /** apiVersion/kind -> type; an object of any other core kind is refused as unknown. */
  static final Map<String, Class<?>> TYPES =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "apps/v1/Deployment", Deployment.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private CoreSchema() {}

  static boolean knows(JsonNode object) {
    return TYPES.containsKey(key(object));
  }

  /** The problems found in one object, each naming its path; empty when it is valid. */
  static List<String> validate(JsonNode object) {
    Class<?> type = TYPES.get(key(object));
    if (type == null) {
      return List.of("no schema for " + key(object));
    }
    Object typed;
    try {
      typed = STRICT.treeToValue(object, type);
    } catch (Exception e) {
      return List.of(e.getMessage().lines().findFirst().orElse(e.toString()));
    }
    List<String> problems = new ArrayList<>();
    unknownFields(typed, "", problems);
    return problems;
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  /** Walks the typed object through its getters, reporting every field the type lacks. */
  private static void unknownFields(Object value, String path, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      Object field = call(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> problems.add("unknown field " + path + "." + k));
        }
      } else {
        unknownFields(field, path + "." + fieldName(getter), problems);
      }
    }
  }

  private static Object call(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  private static String fieldName(Method getter) {
    String name = getter.getName().replaceFirst("^(get|is)", "");
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
