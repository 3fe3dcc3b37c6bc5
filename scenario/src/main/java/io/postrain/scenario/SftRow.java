package io.postrain.scenario;

/**
 * One conversational SFT row: an optional system message, a user message, the assistant answer.
 *
 * @param system the system message, or the empty string for none
 * @param user the user message
 * @param assistant the assistant answer
 */
public record SftRow(String system, String user, String assistant) {

  public SftRow {
    if (system == null) {
      throw new IllegalArgumentException("system must be a message or \"\" for none, not null");
    }
    if (user == null || user.isBlank() || assistant == null || assistant.isBlank()) {
      throw new IllegalArgumentException(
          "an SFT example needs a non-blank user message and answer, got user '" + user + "'");
    }
  }

  /** True when the row carries a system message. */
  public boolean hasSystem() {
    return !system.isEmpty();
  }
}
