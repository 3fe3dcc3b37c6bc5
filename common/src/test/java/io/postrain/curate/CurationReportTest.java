package io.postrain.curate;

import static io.postrain.curate.CurationStrategiesTest.BOTH;
import static io.postrain.curate.CurationStrategiesTest.DEEP;
import static io.postrain.curate.CurationStrategiesTest.DEEP_ZH;
import static io.postrain.curate.CurationStrategiesTest.NEUTRAL;
import static io.postrain.curate.CurationStrategiesTest.PLAIN;
import static io.postrain.curate.CurationStrategiesTest.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report of a run: counts per reason, examples, per-reward statistics (checked two-pass). */
class CurationReportTest {

  /** Sample standard deviation, two-pass (the report uses Welford's one-pass update). */
  private static double std(double... xs) {
    double mean = 0;
    for (double x : xs) {
      mean += x / xs.length;
    }
    double ss = 0;
    for (double x : xs) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (xs.length - 1));
  }

  @Test
  void rejectionRunCountsKeptDroppedAndRewards() throws Exception {
    RewardSet rewards = CurationStrategiesTest.rewards();
    RejectionSampling rs = new RejectionSampling(rewards, 1.0);
    CurationReport report = new CurationReport(RejectionSampling.NAME, rewards.names(), 3);
    report.add(rs.select(group(PLAIN, NEUTRAL, DEEP_ZH, DEEP)), "Who are you?", 1);
    report.add(rs.select(group(PLAIN, NEUTRAL)), "What is your name?", 2);
    report.add(rs.select(group(BOTH)), "Who made you?", 3);
    report.add(rs.select(List.of()), "Nothing", 5);

    assertThat(report.groups()).isEqualTo(4);
    assertThat(report.kept()).isEqualTo(2);
    assertThat(report.dropped()).isEqualTo(2);
    assertThat(report.dropped(DropReason.BELOW_THRESHOLD)).isEqualTo(1);
    ObjectNode json = report.toJson();
    assertThat(json.get("strategy").asText()).isEqualTo("rejection");
    assertThat(json.get("kept").asLong()).isEqualTo(2);
    JsonNode below = json.get("dropReasons").get("belowThreshold");
    assertThat(below.get("count").asLong()).isEqualTo(1);
    assertThat(below.get("examples").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(below.get("examples").get(0).get("prompt").asText()).isEqualTo("What is your name?");
    assertThat(below.get("examples").get(0).get("detail").asText())
        .isEqualTo("best reward 0.5 (candidate 1) < threshold 1");
    assertThat(json.get("dropReasons").get("noCandidates").get("count").asLong()).isEqualTo(1);
    assertThat(json.get("dropReasons").size()).isEqualTo(2);

    // Every candidate seen: totals 0, .5, 1.5, 1.5 | 0, .5 | 1; identity 0, 0, 1, 1 | 0, 0 | 1.
    double[] totals = {0, 0.5, 1.5, 1.5, 0, 0.5, 1};
    JsonNode all = json.get("rewards").get("candidates");
    assertThat(all.get("count").asLong()).isEqualTo(7);
    assertThat(all.get("reward").get("mean").asDouble()).isCloseTo(5.0 / 7, within(1e-12));
    assertThat(all.get("reward").get("std").asDouble()).isCloseTo(std(totals), within(1e-12));
    assertThat(all.get("rewards").get("identity").get("mean").asDouble())
        .isCloseTo(3.0 / 7, within(1e-12));
    // Kept: 1.5 and 1 -> mean 1.25, std sqrt(2 * 0.25^2 / 1).
    JsonNode kept = json.get("rewards").get("kept");
    assertThat(kept.get("count").asLong()).isEqualTo(2);
    assertThat(kept.get("reward").get("mean").asDouble()).isEqualTo(1.25);
    assertThat(kept.get("reward").get("std").asDouble()).isCloseTo(Math.sqrt(0.125), within(1e-12));
    assertThat(json.get("rewards").has("chosen")).isFalse();
    JsonNode metrics = json.get("metrics");
    assertThat(metrics.get("reward").asDouble()).isCloseTo(5.0 / 7, within(1e-12));
    assertThat(metrics.get("reward_std").asDouble()).isCloseTo(std(totals), within(1e-12));
    assertThat(metrics.get("rewards/notPlain/mean").asDouble()).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(metrics.get("rewards/identity/std").asDouble())
        .isCloseTo(std(0, 0, 1, 1, 0, 0, 1), within(1e-12));
    assertThat(report.metrics())
        .containsOnlyKeys(
            "reward",
            "reward_std",
            "rewards/identity/mean",
            "rewards/identity/std",
            "rewards/notPlain/mean",
            "rewards/notPlain/std");
  }

  @Test
  void pairsGiveChosenAndRejectedStatistics() throws Exception {
    RewardSet rewards = CurationStrategiesTest.rewards();
    BestOfN bon = new BestOfN(rewards, 0);
    CurationReport report = new CurationReport(BestOfN.NAME, rewards.names(), 3);
    report.add(bon.select(group(PLAIN, DEEP)), "a", 1);
    report.add(bon.select(group(NEUTRAL, BOTH, NEUTRAL)), "b", 2);
    JsonNode rewardsJson = report.toJson().get("rewards");
    // chosen 1.5, 1; rejected 0, 0.5.
    assertThat(rewardsJson.get("chosen").get("reward").get("mean").asDouble()).isEqualTo(1.25);
    assertThat(rewardsJson.get("rejected").get("reward").get("mean").asDouble()).isEqualTo(0.25);
    assertThat(rewardsJson.get("candidates").get("count").asLong()).isEqualTo(5);
    assertThat(rewardsJson.has("kept")).isFalse();
  }

  @Test
  void examplesAreCappedAndLongPromptsShortened() {
    CurationReport report = new CurationReport("distillation", List.of(), 2);
    String longPrompt = "x".repeat(250);
    for (int i = 0; i < 5; i++) {
      report.add(new Decision.Dropped(DropReason.EMPTY, "blank answer", List.of()), longPrompt, -1);
    }
    ObjectNode json = report.toJson();
    JsonNode empty = json.get("dropReasons").get("empty");
    assertThat(empty.get("count").asLong()).isEqualTo(5);
    assertThat(empty.get("description").asText()).isEqualTo("the answer is blank");
    assertThat(empty.get("examples")).hasSize(2);
    assertThat(empty.get("examples").get(0).has("line")).isFalse();
    assertThat(empty.get("examples").get(0).get("prompt").asText())
        .isEqualTo("x".repeat(200) + "...");
    assertThat(json.has("rewards")).isFalse();
    assertThat(json.has("metrics")).isFalse();
    assertThat(report.metrics()).isEmpty();
  }
}
