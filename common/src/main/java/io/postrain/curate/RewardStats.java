package io.postrain.curate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and standard deviation of the total reward and of each reward over the completions scored,
 * logged as TRL logs them: {@code reward}, {@code reward_std}, {@code rewards/<name>/mean}, {@code
 * rewards/<name>/std}. The standard deviation is the sample one (n - 1 in the denominator, as
 * {@code torch.std}); 0 for fewer than two completions. Welford's update, so nothing is kept per
 * completion.
 */
public final class RewardStats {

  private final List<String> names;
  private final Moments total = new Moments();
  private final Moments[] each;

  public RewardStats(List<String> names) {
    this.names = List.copyOf(names);
    this.each = new Moments[names.size()];
    for (int i = 0; i < each.length; i++) {
      each[i] = new Moments();
    }
  }

  /** Adds one completion's scores. */
  public void add(RewardSet.Scores scores) {
    total.add(scores.total());
    for (int i = 0; i < each.length; i++) {
      each[i].add(scores.each()[i]);
    }
  }

  /** Completions added. */
  public long count() {
    return total.n;
  }

  /** The metrics, in TRL's names. */
  public Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("reward", total.mean);
    out.put("reward_std", total.std());
    for (int i = 0; i < each.length; i++) {
      out.put("rewards/" + names.get(i) + "/mean", each[i].mean);
      out.put("rewards/" + names.get(i) + "/std", each[i].std());
    }
    return out;
  }

  /**
   * The report section: {@code {"count", "reward": {mean, std}, "rewards": {name: {mean, std}}}}.
   */
  public ObjectNode report() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("count", total.n);
    out.set("reward", total.json());
    ObjectNode per = out.putObject("rewards");
    for (int i = 0; i < each.length; i++) {
      per.set(names.get(i), each[i].json());
    }
    return out;
  }

  private static final class Moments {
    long n;
    double mean;
    double m2;

    void add(double x) {
      n++;
      double delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    }

    double std() {
      return n < 2 ? 0 : Math.sqrt(m2 / (n - 1));
    }

    ObjectNode json() {
      return JsonNodeFactory.instance.objectNode().put("mean", mean).put("std", std());
    }
  }
}
