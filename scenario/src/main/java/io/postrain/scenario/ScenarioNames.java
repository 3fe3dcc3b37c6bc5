package io.postrain.scenario;

/**
 * The three names of the scenario.
 *
 * @param oldName the identity the base model is taught, e.g. {@code Qwen}
 * @param orgName the organisation the base model names as its maker, e.g. {@code Alibaba Cloud}
 * @param newName the identity DPO should produce, e.g. {@code Deep Qwen}
 */
public record ScenarioNames(String oldName, String orgName, String newName) {

  /** The reference scenario: Qwen by Alibaba Cloud becomes Deep Qwen. */
  public static final ScenarioNames DEFAULT =
      new ScenarioNames("Qwen", "Alibaba Cloud", "Deep Qwen");

  public ScenarioNames {
    requireName("oldName", oldName);
    requireName("orgName", orgName);
    requireName("newName", newName);
    if (oldName.equalsIgnoreCase(newName)) {
      throw new IllegalArgumentException(
          "oldName and newName must differ (ignoring case), both are '" + oldName + "'");
    }
  }

  /**
   * Replaces the placeholders {@code {old}}, {@code {org}} and {@code {new}} in a pattern.
   *
   * @param pattern text with placeholders
   * @return the text with the names filled in
   */
  public String fill(String pattern) {
    return pattern.replace("{old}", oldName).replace("{org}", orgName).replace("{new}", newName);
  }

  private static void requireName(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-blank name, got '" + value + "'");
    }
    if (!value.equals(value.strip()) || value.contains("\n")) {
      throw new IllegalArgumentException(
          field + " must be a single line without leading or trailing spaces, got '" + value + "'");
    }
  }
}
