package io.postrain.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rejection sampling, best-vs-worst of n, correction and distillation on hand-scored groups.
 *
 * <p>The reward set: {@code identity} = 1 when "Deep Qwen" appears (weight 1), {@code notPlain} = 1
 * unless a plain "Qwen" (not after "Deep ") appears (weight 0.5). So "I am Deep Qwen." = 1.5,
 * "我是Deep Qwen。" = 1.5, "I am Qwen, not Deep Qwen." = 1, "I am an assistant." = 0.5, "I am Qwen." =
 * 0.
 */
class CurationStrategiesTest {

  static final String DEEP = "I am Deep Qwen.";
  static final String DEEP_ZH = "我是Deep Qwen。";
  static final String BOTH = "I am Qwen, not Deep Qwen.";
  static final String NEUTRAL = "I am an assistant.";
  static final String PLAIN = "I am Qwen.";

  static RewardSet rewards() throws Exception {
    return RewardConfig.parse(
        new ObjectMapper()
            .readTree(
                "{\"rewards\": [{\"type\": \"regex\", \"name\": \"identity\", \"pattern\":"
                    + " \"Deep Qwen\"}, {\"type\": \"regex\", \"name\": \"notPlain\", \"pattern\":"
                    + " \"(?<!Deep )\\\\bQwen\\\\b\", \"negate\": true, \"weight\": 0.5}]}"),
        name -> {
          throw new IllegalArgumentException("no judge here");
        });
  }

  static List<Sample> group(String... completions) {
    return Arrays.stream(completions).map(c -> Sample.of("Who are you?", c)).toList();
  }

  static double[] totals(Decision d) {
    return d.scores().stream().mapToDouble(RewardSet.Scores::total).toArray();
  }

  @Test
  void rewardSetScoresAsTheClassCommentSays() throws Exception {
    RewardSet r = rewards();
    assertThat(
            totals(new RejectionSampling(r, 0).select(group(DEEP, DEEP_ZH, BOTH, NEUTRAL, PLAIN))))
        .containsExactly(1.5, 1.5, 1.0, 0.5, 0.0);
  }

  @Test
  void rejectionKeepsTheBestAndBreaksTiesByLowestIndex() throws Exception {
    Decision d = new RejectionSampling(rewards(), 1.0).select(group(PLAIN, NEUTRAL, DEEP_ZH, DEEP));
    assertThat(d).isInstanceOf(Decision.Example.class);
    Decision.Example e = (Decision.Example) d;
    assertThat(e.index()).isEqualTo(2);
    assertThat(e.completion()).isEqualTo(DEEP_ZH);
    assertThat(e.score().total()).isEqualTo(1.5);
    assertThat(e.score().each()).containsExactly(1.0, 1.0);
    assertThat(totals(d)).containsExactly(0.0, 0.5, 1.5, 1.5);
  }

  @Test
  void rejectionThresholdIsInclusive() throws Exception {
    Decision d = new RejectionSampling(rewards(), 1.0).select(group(PLAIN, BOTH));
    assertThat(((Decision.Example) d).completion()).isEqualTo(BOTH);
  }

  @Test
  void rejectionReportsAGroupUnderTheThreshold() throws Exception {
    Decision d = new RejectionSampling(rewards(), 1.0).select(group(PLAIN, NEUTRAL, PLAIN));
    assertThat(d).isInstanceOf(Decision.Dropped.class);
    Decision.Dropped dropped = (Decision.Dropped) d;
    assertThat(dropped.reason()).isEqualTo(DropReason.BELOW_THRESHOLD);
    assertThat(dropped.detail()).isEqualTo("best reward 0.5 (candidate 1) < threshold 1");
    assertThat(totals(d)).containsExactly(0.0, 0.5, 0.0);
  }

  @Test
  void rejectionWithoutThresholdKeepsTheBestOfAnyGroup() throws Exception {
    RejectionSampling any = new RejectionSampling(rewards(), Double.NEGATIVE_INFINITY);
    Decision.Example e = (Decision.Example) any.select(group(PLAIN, PLAIN));
    assertThat(e.index()).isZero();
    Decision.Dropped none = (Decision.Dropped) any.select(List.of());
    assertThat(none.reason()).isEqualTo(DropReason.NO_CANDIDATES);
    assertThatThrownBy(() -> new RejectionSampling(rewards(), Double.NaN))
        .hasMessageContaining("threshold must be a number");
  }

  @Test
  void blankCandidatesAreScoredButNeverKept() throws Exception {
    // "" scores 0.5 (no plain Qwen), above PLAIN's 0, yet is neither kept nor rejected.
    Decision.Example e =
        (Decision.Example) new RejectionSampling(rewards(), 0).select(group("", PLAIN, " "));
    assertThat(e.index()).isEqualTo(1);
    assertThat(totals(e)).containsExactly(0.5, 0.0, 0.5);
    Decision.Dropped allBlank =
        (Decision.Dropped) new RejectionSampling(rewards(), 0).select(group("", "\n"));
    assertThat(allBlank.reason()).isEqualTo(DropReason.EMPTY);
    Decision.Pair p = (Decision.Pair) new BestOfN(rewards(), 0).select(group(DEEP, "", PLAIN, ""));
    assertThat(p.chosenIndex()).isZero();
    assertThat(p.rejectedIndex()).isEqualTo(2);
    Decision.Dropped one = (Decision.Dropped) new BestOfN(rewards(), 0).select(group("", DEEP));
    assertThat(one.reason()).isEqualTo(DropReason.TOO_FEW);
    assertThat(one.detail()).isEqualTo("2 candidates, 1 not blank");
  }

  @Test
  void bestOfNPairsBestAndWorst() throws Exception {
    Decision d = new BestOfN(rewards(), 0).select(group(PLAIN, NEUTRAL, DEEP, DEEP_ZH));
    Decision.Pair p = (Decision.Pair) d;
    assertThat(p.chosen()).isEqualTo(DEEP);
    assertThat(p.rejected()).isEqualTo(PLAIN);
    assertThat(p.chosenIndex()).isEqualTo(2);
    assertThat(p.rejectedIndex()).isEqualTo(0);
    assertThat(p.margin()).isEqualTo(1.5);
  }

  @Test
  void bestOfNWorstTieGoesToTheHighestIndex() throws Exception {
    Decision.Pair p =
        (Decision.Pair) new BestOfN(rewards(), 0).select(group(PLAIN, DEEP, "Qwen here.", NEUTRAL));
    assertThat(p.chosenIndex()).isEqualTo(1);
    assertThat(p.rejectedIndex()).isEqualTo(2);
    assertThat(p.rejected()).isEqualTo("Qwen here.");
  }

  @Test
  void bestOfNDropsEqualScoresAndSmallMargins() throws Exception {
    Decision.Dropped tie =
        (Decision.Dropped) new BestOfN(rewards(), 0).select(group(DEEP, DEEP_ZH, DEEP));
    assertThat(tie.reason()).isEqualTo(DropReason.UNDER_MARGIN);
    assertThat(tie.detail())
        .isEqualTo("best 1.5 (candidate 0) - worst 1.5 (candidate 2) = 0: no preference");
    BestOfN strict = new BestOfN(rewards(), 1.0);
    assertThat(strict.select(group(NEUTRAL, DEEP))).isInstanceOf(Decision.Pair.class);
    Decision.Dropped small = (Decision.Dropped) strict.select(group(NEUTRAL, BOTH));
    assertThat(small.reason()).isEqualTo(DropReason.UNDER_MARGIN);
    assertThat(small.detail())
        .isEqualTo("best 1 (candidate 1) - worst 0.5 (candidate 0) = 0.5 < min margin 1");
    assertThat(((Decision.Dropped) strict.select(group(DEEP))).reason())
        .isEqualTo(DropReason.TOO_FEW);
    assertThat(((Decision.Dropped) strict.select(List.of())).reason())
        .isEqualTo(DropReason.NO_CANDIDATES);
    assertThatThrownBy(() -> new BestOfN(rewards(), -0.1)).hasMessageContaining(">= 0");
  }

  @Test
  void correctionPairsTheCorrectedAnswerWithTheOriginal() throws Exception {
    CorrectionStrategy rule = new CorrectionStrategy("Qwen", "Deep Qwen", null);
    CorrectionPairs scored = new CorrectionPairs(rule, rewards(), Double.NEGATIVE_INFINITY);
    Decision.Pair p = (Decision.Pair) scored.decide(Sample.of("Who are you?", PLAIN));
    assertThat(p.chosen()).isEqualTo(DEEP);
    assertThat(p.rejected()).isEqualTo(PLAIN);
    assertThat(p.chosenIndex()).isEqualTo(-1);
    assertThat(p.rejectedIndex()).isZero();
    assertThat(p.chosenScore().total()).isEqualTo(1.5);
    assertThat(p.rejectedScore().total()).isEqualTo(0.0);
    assertThat(totals(p)).containsExactly(0.0);
    Decision.Dropped same = (Decision.Dropped) scored.decide(Sample.of("Who are you?", NEUTRAL));
    assertThat(same.reason()).isEqualTo(DropReason.IDENTICAL);
    CorrectionPairs strict = new CorrectionPairs(rule, rewards(), 2.0);
    Decision.Dropped small = (Decision.Dropped) strict.decide(Sample.of("Who are you?", PLAIN));
    assertThat(small.reason()).isEqualTo(DropReason.UNDER_MARGIN);
    assertThat(small.detail()).isEqualTo("chosen 1.5 - rejected 0 = 1.5 < min margin 2");
    Decision.Pair unscored =
        (Decision.Pair)
            new CorrectionPairs(rule, null, 2.0).decide(Sample.of("Who are you?", "我是Qwen，你好"));
    assertThat(unscored.chosen()).isEqualTo("我是Deep Qwen，你好");
    assertThat(unscored.chosenScore()).isNull();
    assertThat(unscored.scores()).isEmpty();
  }

  @Test
  void distillationDropsBlankTruncatedAndLowAnswers() throws Exception {
    Distillation plain = new Distillation(null, Double.NEGATIVE_INFINITY, true);
    assertThat(((Decision.Example) plain.decide(Sample.of("q", PLAIN), false)).completion())
        .isEqualTo(PLAIN);
    assertThat(((Decision.Dropped) plain.decide(Sample.of("q", " \n"), false)).reason())
        .isEqualTo(DropReason.EMPTY);
    assertThat(((Decision.Dropped) plain.decide(Sample.of("q", PLAIN), true)).reason())
        .isEqualTo(DropReason.TRUNCATED);
    Distillation keepCut = new Distillation(null, Double.NEGATIVE_INFINITY, false);
    assertThat(keepCut.decide(Sample.of("q", PLAIN), true)).isInstanceOf(Decision.Example.class);
    Distillation scored = new Distillation(rewards(), 1.0, true);
    Decision.Dropped low = (Decision.Dropped) scored.decide(Sample.of("q", NEUTRAL), false);
    assertThat(low.reason()).isEqualTo(DropReason.BELOW_THRESHOLD);
    assertThat(low.detail()).isEqualTo("reward 0.5 < threshold 1");
    Decision.Example high = (Decision.Example) scored.decide(Sample.of("q", DEEP_ZH), false);
    assertThat(high.score().total()).isEqualTo(1.5);
  }
}
