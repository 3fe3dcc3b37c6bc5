package io.postrain.scenario;

/**
 * Accuracy on one skill (or on all skills together).
 *
 * @param skill the skill name, or {@code all}
 * @param correct answers judged correct
 * @param total answers judged, at least 1
 */
public record SkillScore(String skill, int correct, int total) {

  public SkillScore {
    if (total < 1 || correct < 0 || correct > total) {
      throw new IllegalArgumentException(
          "skill "
              + skill
              + ": need 0 <= correct <= total and total >= 1, got "
              + correct
              + "/"
              + total);
    }
  }

  /** correct / total, in [0, 1]. */
  public double accuracy() {
    return (double) correct / total;
  }
}
