package io.postrain.curate;

import java.util.ArrayList;
import java.util.List;

/**
 * The rewards of one config, each with its name and weight; a completion's reward is the weighted
 * sum {@code sum_i weight_i * score_i} (TRL's {@code reward_weights}).
 */
public final class RewardSet {

  /**
   * One reward of the set.
   *
   * @param name its name in reports and metrics ({@code rewards/<name>/mean})
   * @param weight its weight in the sum
   */
  public record Named(String name, double weight, Reward reward) {}

  /**
   * The scores of one completion.
   *
   * @param total the weighted sum
   * @param each the unweighted score of each reward, in the set's order
   */
  public record Scores(double total, double[] each) {}

  private final List<Named> rewards;

  public RewardSet(List<Named> rewards) {
    if (rewards.isEmpty()) {
      throw new IllegalArgumentException("a reward config needs at least one reward");
    }
    this.rewards = List.copyOf(rewards);
  }

  public List<Named> rewards() {
    return rewards;
  }

  /** The names, in order. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    rewards.forEach(r -> out.add(r.name()));
    return out;
  }

  /** Scores one completion with every reward. */
  public Scores score(Sample sample) {
    double[] each = new double[rewards.size()];
    double total = 0;
    for (int i = 0; i < each.length; i++) {
      each[i] = rewards.get(i).reward().score(sample);
      total += rewards.get(i).weight() * each[i];
    }
    return new Scores(total, each);
  }
}
