package io.postrain.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's settings, read from its src/main/resources/application.properties: the names of its
 * properties (profile prefixes removed) and of the variables its values refer to ({@code
 * ${POSTRAIN_PG_URL:...}}), and the environment variable each name is set by.
 */
record ServiceSettings(String service, Map<String, String> properties, Set<String> variables) {

  /** The three services deploy/kubernetes runs. */
  static final Set<String> SERVICES =
      Set.of("inference-service", "curation-service", "trainer-service");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::[^}]*)?}");

  private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");

  static ServiceSettings read(String service) {
    Path file =
        Overlays.root().resolve(service).resolve("src/main/resources/application.properties");
    Properties raw = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      raw.load(reader);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    Set<String> variables = new TreeSet<>();
    for (String key : raw.stringPropertyNames()) {
      String value = raw.getProperty(key);
      // A profiled value (%pg.x) is a value of x; the unprofiled one is kept when both exist.
      properties.putIfAbsent(PROFILE.matcher(key).replaceFirst(""), value);
      if (!key.startsWith("%")) {
        properties.put(key, value);
      }
      Matcher matcher = VARIABLE.matcher(value);
      while (matcher.find()) {
        variables.add(matcher.group(1));
      }
    }
    return new ServiceSettings(service, properties, variables);
  }

  /**
   * The environment variable that sets a property, by SmallRye Config's rule: every character that
   * is not a letter or digit becomes {@code _}, letters upper case ({@code
   * postrain.inference.batching.max-batch-size} -> {@code
   * POSTRAIN_INFERENCE_BATCHING_MAX_BATCH_SIZE}).
   */
  static String environmentName(String property) {
    StringBuilder name = new StringBuilder(property.length());
    for (char c : property.toCharArray()) {
      name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    return name.toString();
  }

  /** Every environment variable name that sets one of this service's settings. */
  Set<String> environmentNames() {
    Set<String> names = new TreeSet<>();
    properties.keySet().forEach(p -> names.add(environmentName(p)));
    // A variable a value refers to is read as is (an environment variable) or by its name.
    variables.forEach(v -> names.add(environmentName(v)));
    return names;
  }

  /** The Kafka topics this service's channels name ({@code mp.messaging.*.topic}, dead letters). */
  Set<String> topics() {
    Set<String> topics = new TreeSet<>();
    properties.forEach(
        (key, value) -> {
          if (key.startsWith("mp.messaging.")
              && (key.endsWith(".topic") || key.endsWith(".dead-letter-queue.topic"))) {
            topics.add(value);
          }
        });
    return topics;
  }

  String require(String property) {
    String value = properties.get(property);
    if (value == null) {
      throw new AssertionError(service + " has no setting " + property);
    }
    return value;
  }
}
