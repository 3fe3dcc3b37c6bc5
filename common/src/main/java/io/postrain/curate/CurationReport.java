package io.postrain.curate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a curation run did, group by group: how many groups were kept, how many dropped for each
 * {@link DropReason} (with the first few as examples), and, when a reward set scored them, the
 * per-reward statistics ({@link RewardStats}) of every candidate seen and of the rows written.
 *
 * <p>JSON ({@link #toJson}):
 *
 * <pre>{@code
 * {"strategy": "rejection", "groups": 10, "kept": 7, "dropped": 3,
 *  "dropReasons": {"belowThreshold": {"count": 3, "description": "...",
 *                                     "examples": [{"line": 4, "prompt": "...", "detail": "..."}]}},
 *  "rewards": {"candidates": {"count", "reward": {mean, std}, "rewards": {name: {mean, std}}},
 *              "kept": {...}, "chosen": {...}, "rejected": {...}},
 *  "metrics": {"reward", "reward_std", "rewards/<name>/mean", "rewards/<name>/std"}}
 * }</pre>
 *
 * {@code dropReasons} lists the reasons that occurred; {@code rewards} and {@code metrics} appear
 * when rewards scored the candidates; of {@code rewards}, {@code kept} (SFT rows) and {@code
 * chosen} / {@code rejected} (pairs) appear when such rows were written. {@code metrics} are over
 * every candidate, in TRL's names.
 */
public final class CurationReport {

  /** Examples kept per drop reason unless told otherwise. */
  public static final int DEFAULT_EXAMPLES = 3;

  /** Longest prompt text in an example, in characters (longer ones end with "..."). */
  private static final int EXAMPLE_CHARS = 200;

  private final String strategy;
  private final boolean scored;
  private final int maxExamples;
  private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
  private final Map<DropReason, List<ObjectNode>> examples = new EnumMap<>(DropReason.class);
  private final RewardStats candidates;
  private final RewardStats kept;
  private final RewardStats chosen;
  private final RewardStats rejected;
  private long groups;
  private long keptCount;

  /**
   * @param strategy the strategy's name, e.g. {@link RejectionSampling#NAME}
   * @param rewardNames the reward set's names ({@link RewardSet#names}), or empty when nothing is
   *     scored
   * @param maxExamples examples kept per drop reason, >= 0
   */
  public CurationReport(String strategy, List<String> rewardNames, int maxExamples) {
    if (maxExamples < 0) {
      throw new IllegalArgumentException("maxExamples must be >= 0, got " + maxExamples);
    }
    this.strategy = strategy;
    this.scored = !rewardNames.isEmpty();
    this.maxExamples = maxExamples;
    this.candidates = new RewardStats(rewardNames);
    this.kept = new RewardStats(rewardNames);
    this.chosen = new RewardStats(rewardNames);
    this.rejected = new RewardStats(rewardNames);
  }

  /**
   * Counts one group's decision.
   *
   * @param prompt the group's prompt text, for examples
   * @param line the group's line in the input file, or -1 when it has none
   */
  public void add(Decision decision, String prompt, int line) {
    groups++;
    if (scored) {
      decision.scores().forEach(candidates::add);
    }
    if (decision instanceof Decision.Example e) {
      keptCount++;
      if (scored && e.score() != null) {
        kept.add(e.score());
      }
    } else if (decision instanceof Decision.Pair p) {
      keptCount++;
      if (scored && p.chosenScore() != null) {
        chosen.add(p.chosenScore());
        rejected.add(p.rejectedScore());
      }
    } else if (decision instanceof Decision.Dropped d) {
      dropped.merge(d.reason(), 1L, Long::sum);
      List<ObjectNode> list = examples.computeIfAbsent(d.reason(), r -> new ArrayList<>());
      if (list.size() < maxExamples) {
        ObjectNode example = JsonNodeFactory.instance.objectNode();
        if (line >= 0) {
          example.put("line", line);
        }
        example.put("prompt", shortened(prompt)).put("detail", d.detail());
        list.add(example);
      }
    }
  }

  /** Groups added. */
  public long groups() {
    return groups;
  }

  /** Groups that made a row. */
  public long kept() {
    return keptCount;
  }

  /** Groups that made no row. */
  public long dropped() {
    return groups - keptCount;
  }

  /** Groups dropped for {@code reason}. */
  public long dropped(DropReason reason) {
    return dropped.getOrDefault(reason, 0L);
  }

  /** The statistics of every candidate scored, in TRL's names; empty when nothing is scored. */
  public Map<String, Double> metrics() {
    return scored ? candidates.metrics() : Map.of();
  }

  /** The report as JSON (layout in the class comment). */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("strategy", strategy)
        .put("groups", groups)
        .put("kept", keptCount)
        .put("dropped", dropped());
    ObjectNode reasons = out.putObject("dropReasons");
    dropped.forEach(
        (reason, count) -> {
          ObjectNode section = reasons.putObject(reason.key());
          section.put("count", count).put("description", reason.description());
          section.putArray("examples").addAll(examples.getOrDefault(reason, List.of()));
        });
    if (scored) {
      ObjectNode rewards = out.putObject("rewards");
      rewards.set("candidates", candidates.report());
      if (kept.count() > 0) {
        rewards.set("kept", kept.report());
      }
      if (chosen.count() > 0) {
        rewards.set("chosen", chosen.report());
        rewards.set("rejected", rejected.report());
      }
      ObjectNode metrics = out.putObject("metrics");
      candidates.metrics().forEach(metrics::put);
    }
    return out;
  }

  private static String shortened(String text) {
    if (text.length() <= EXAMPLE_CHARS) {
      return text;
    }
    int end = EXAMPLE_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...";
  }
}
