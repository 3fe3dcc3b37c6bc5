package io.postrain.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.lm.checkpoint.LanguageModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a reward config: {@code {"rewards": [{"type": ..., "weight": 1.0, "name": ...}, ...]}}.
 * Types: {@code regex} ({@link RegexReward}), {@code exact} ({@link ExactReward}), {@code length}
 * ({@link LengthReward}), {@code json} ({@link JsonReward}), {@code judge} ({@link JudgeReward}).
 * {@code weight} defaults to 1. {@code name} defaults to the type, or {@code <type>_<index>}
 * (0-based position in the list) when the type appears more than once. A setting a type does not
 * know is an error, so a typo never passes silently.
 */
public final class RewardConfig {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final Map<String, Set<String>> KEYS =
      Map.of(
          "regex", Set.of("pattern", "score", "negate"),
          "exact", Set.of("field", "normalize"),
          "length", Set.of("target", "tolerance", "unit"),
          "json", Set.of("required"),
          "judge", Set.of("model", "template", "yes", "no"));

  private RewardConfig() {}

  /**
   * Reads a config file; a judge's {@code model} is a checkpoint directory, relative to the file.
   *
   * @param judges opens a judge model from its directory (the caller closes it)
   */
  public static RewardSet read(Path file, Function<Path, LanguageModel> judges) {
    JsonNode config;
    try {
      config = MAPPER.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reward config " + file + ": " + e, e);
    }
    Path base = file.toAbsolutePath().getParent();
    try {
      return parse(config, name -> judges.apply(base.resolve(name)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds the rewards of a config.
   *
   * @param judges the judge model of a {@code model} value
   * @throws IllegalArgumentException naming the entry and field that is wrong
   */
  public static RewardSet parse(JsonNode config, Function<String, LanguageModel> judges) {
    JsonNode list = config == null ? null : config.get("rewards");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(
          "expected {\"rewards\": [{\"type\": \"regex\"|\"exact\"|\"length\"|\"json\"|\"judge\","
              + " ...}, ...]} with at least one reward");
    }
    Map<String, Integer> typeCount = new HashMap<>();
    list.forEach(r -> typeCount.merge(r.path("type").asText(), 1, Integer::sum));
    List<RewardSet.Named> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String where = "rewards[" + i + "]";
      try {
        String type = entry.path("type").asText();
        String name =
            entry.hasNonNull("name")
                ? entry.get("name").asText()
                : typeCount.get(type) > 1 ? type + "_" + i : type;
        double weight = entry.hasNonNull("weight") ? number(entry, "weight") : 1.0;
        out.add(new RewardSet.Named(name, weight, reward(entry, type, judges)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    if (out.stream().map(RewardSet.Named::name).distinct().count() < out.size()) {
      throw new IllegalArgumentException("two rewards have the same name: " + names(out));
    }
    return new RewardSet(out);
  }

  private static List<String> names(List<RewardSet.Named> rewards) {
    return rewards.stream().map(RewardSet.Named::name).toList();
  }

  private static Reward reward(
      JsonNode entry, String type, Function<String, LanguageModel> judges) {
    if (!entry.isObject() || !KEYS.containsKey(type)) {
      throw new IllegalArgumentException(
          "type must be one of regex, exact, length, json, judge (got '" + type + "')");
    }
    entry
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!Set.of("type", "name", "weight").contains(key)
                  && !KEYS.get(type).contains(key)) {
                throw new IllegalArgumentException(
                    "unknown setting '"
                        + key
                        + "' for type "
                        + type
                        + "; accepted: type, name, weight, "
                        + String.join(", ", KEYS.get(type).stream().sorted().toList()));
              }
            });
    return switch (type) {
      case "regex" -> regex(entry);
      case "exact" -> new ExactReward(text(entry, "field"), strings(entry, "normalize"));
      case "length" ->
          new LengthReward(
              integer(entry, "target", null),
              integer(entry, "tolerance", 0),
              choice(entry, "unit", List.of("words", "chars")).equals("chars"));
      case "json" -> new JsonReward(strings(entry, "required"));
      default ->
          new JudgeReward(
              judges.apply(text(entry, "model")),
              text(entry, "template"),
              entry.hasNonNull("yes") ? text(entry, "yes") : "Yes",
              entry.hasNonNull("no") ? text(entry, "no") : "No");
    };
  }

  private static Reward regex(JsonNode entry) {
    String pattern = text(entry, "pattern");
    String mode = choice(entry, "score", List.of("match", "count", "fraction"));
    JsonNode negate = entry.get("negate");
    if (negate != null && !negate.isBoolean()) {
      throw new IllegalArgumentException("negate must be true or false");
    }
    try {
      return new RegexReward(
          RegexReward.compile(pattern),
          RegexReward.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)),
          negate != null && negate.asBoolean());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "pattern is not a valid regular expression: " + e.getDescription(), e);
    }
  }

  private static String choice(JsonNode entry, String key, List<String> accepted) {
    if (!entry.hasNonNull(key)) {
      return accepted.get(0);
    }
    String value = entry.get(key).asText();
    if (!entry.get(key).isTextual() || !accepted.contains(value)) {
      throw new IllegalArgumentException(
          key + " must be one of " + String.join(", ", accepted) + " (got " + entry.get(key) + ")");
    }
    return value;
  }

  private static String text(JsonNode entry, String key) {
    JsonNode value = entry.get(key);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException(key + " is missing or not a non-empty string");
    }
    return value.asText();
  }

  private static double number(JsonNode entry, String key) {
    JsonNode value = entry.get(key);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(key + " must be a number (got " + value + ")");
    }
    return value.asDouble();
  }

  private static int integer(JsonNode entry, String key, Integer fallback) {
    JsonNode value = entry.get(key);
    if (value == null && fallback != null) {
      return fallback;
    }
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(key + " must be an integer (got " + value + ")");
    }
    return value.asInt();
  }

  private static List<String> strings(JsonNode entry, String key) {
    JsonNode value = entry.get(key);
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(v -> out.add(v.isTextual() ? v.asText() : null));
    }
    if (!value.isArray() || out.contains(null)) {
      throw new IllegalArgumentException(key + " must be a list of strings (got " + value + ")");
    }
    return out;
  }
}
