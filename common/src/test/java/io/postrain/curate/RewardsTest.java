package io.postrain.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each reward on hand-computed cases, ASCII, non-ASCII and Chinese. */
class RewardsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static RewardSet config(String json) throws Exception {
    return RewardConfig.parse(
        MAPPER.readTree(json),
        name -> {
          throw new IllegalArgumentException("no judge in this test");
        });
  }

  private static double one(String rewardJson, Sample sample) throws Exception {
    return config("{\"rewards\": [" + rewardJson + "]}").score(sample).total();
  }

  private static Sample answer(String completion) {
    return Sample.of("Who are you?", completion);
  }

  @Test
  void aCatastrophicallyBacktrackingPatternFailsFastNamingThePattern() throws Exception {
    // ((a+)+)+b over 40 a's and no b: Java 17 does not cut this one short; without the budget,
    // hours
    String evil = "{\"type\": \"regex\", \"pattern\": \"((a+)+)+b\"}";
    long start = System.nanoTime();
    assertThatThrownBy(() -> one(evil, answer("a".repeat(40))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the pattern ((a+)+)+b took more than")
        .hasMessageContaining("catastrophic backtracking");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    // a normal pattern over a long completion stays well inside the budget: 20,000 matches
    String fraction = "{\"type\": \"regex\", \"pattern\": \"Deep Qwen\", \"score\": \"count\"}";
    assertThat(one(fraction, answer("Deep Qwen ".repeat(20_000)))).isEqualTo(20_000);
  }

  @Test
  void regexMatchCountAndNegate() throws Exception {
    String match = "{\"type\": \"regex\", \"pattern\": \"Deep Qwen\"}";
    assertThat(one(match, answer("I am Deep Qwen."))).isEqualTo(1);
    assertThat(one(match, answer("I am Qwen."))).isEqualTo(0);
    String count = "{\"type\": \"regex\", \"pattern\": \"Qwen\", \"score\": \"count\"}";
    assertThat(one(count, answer("Qwen, Deep Qwen, 我是Qwen"))).isEqualTo(3);
    String negated =
        "{\"type\": \"regex\", \"pattern\": \"(?<!Deep )\\\\bQwen\\\\b\", \"negate\": true}";
    assertThat(one(negated, answer("I am Deep Qwen."))).isEqualTo(1);
    assertThat(one(negated, answer("I am Qwen."))).isEqualTo(0);
  }

  @Test
  void regexFractionCountsCodePoints() throws Exception {
    // "我是Deep Qwen" = 2 Han + 9 others: 11 code points, 2 inside [\p{IsHan}].
    String han = "{\"type\": \"regex\", \"pattern\": \"\\\\p{IsHan}+\", \"score\": \"fraction\"}";
    assertThat(one(han, answer("我是Deep Qwen"))).isCloseTo(2.0 / 11, within(1e-12));
    // [a-z] over "Café!": C no, a f yes, é no (not in a-z), ! no -> 2/5.
    String lower = "{\"type\": \"regex\", \"pattern\": \"[a-z]\", \"score\": \"fraction\"}";
    assertThat(one(lower, answer("Café!"))).isCloseTo(2.0 / 5, within(1e-12));
    // A character outside the BMP counts once: "😀ab" -> 2 of 3.
    assertThat(one(lower, answer("😀ab"))).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(one(lower, answer(""))).isEqualTo(0);
    String negated =
        "{\"type\": \"regex\", \"pattern\": \"[a-z]\", \"score\": \"fraction\", \"negate\": true}";
    assertThat(one(negated, answer("Café!"))).isCloseTo(3.0 / 5, within(1e-12));
  }

  @Test
  void exactNormalisesAndComparesNumbers() throws Exception {
    JsonNode row =
        MAPPER.readTree("{\"prompt\": \"2+2?\", \"answer\": \"4\", \"city\": \"Paris\"}");
    String exact = "{\"type\": \"exact\", \"field\": \"answer\", \"normalize\": [\"trim\"]}";
    assertThat(one(exact, new Sample(List.of(), " 4.0 ", row))).isEqualTo(1);
    assertThat(one(exact, new Sample(List.of(), "4e0", row))).isEqualTo(1);
    assertThat(one(exact, new Sample(List.of(), "5", row))).isEqualTo(0);
    String city =
        "{\"type\": \"exact\", \"field\": \"city\", \"normalize\": [\"trim\", \"lower\","
            + " \"punctuation\"]}";
    assertThat(one(city, new Sample(List.of(), " PARIS. ", row))).isEqualTo(1);
    assertThat(one(city, new Sample(List.of(), "Lyon", row))).isEqualTo(0);
    JsonNode zh = MAPPER.readTree("{\"answer\": \"北京\"}");
    String nfkc =
        "{\"type\": \"exact\", \"field\": \"answer\", \"normalize\": [\"punctuation\", \"trim\"]}";
    assertThat(one(nfkc, new Sample(List.of(), "北京。", zh))).isEqualTo(1);
    JsonNode wide = MAPPER.readTree("{\"answer\": 4}");
    String width = "{\"type\": \"exact\", \"field\": \"answer\", \"normalize\": [\"nfkc\"]}";
    assertThat(one(width, new Sample(List.of(), "４", wide))).isEqualTo(1);
    assertThatThrownBy(() -> one(exact, new Sample(List.of(), "4", MAPPER.readTree("{}"))))
        .hasMessageContaining("no string or number field 'answer'");
  }

  @Test
  void lengthInWordsAndChars() throws Exception {
    String words = "{\"type\": \"length\", \"target\": 4, \"tolerance\": 1}";
    assertThat(one(words, answer("one two three"))).isEqualTo(1); // 3 words: within 1 of 4
    // 7 words: |7-4| - 1 = 2 beyond the tolerance -> 1 - 2/4 = 0.5.
    assertThat(one(words, answer("a b c d e f g"))).isEqualTo(0.5);
    assertThat(one(words, answer("a b c d e f g h i j"))).isEqualTo(0); // 10: 5 beyond -> 0
    // Chinese: each Han character is a word: "我是深度千问" = 6 words -> 1 beyond -> 0.75.
    assertThat(one(words, answer("我是深度千问"))).isEqualTo(0.75);
    String chars = "{\"type\": \"length\", \"target\": 10, \"tolerance\": 0, \"unit\": \"chars\"}";
    assertThat(one(chars, answer("深度千问"))).isCloseTo(0.4, within(1e-12)); // 4 chars: 6 off
  }

  @Test
  void jsonValidityAndRequiredKeys() throws Exception {
    String json = "{\"type\": \"json\"}";
    assertThat(one(json, answer(" {\"a\": 1} "))).isEqualTo(1);
    assertThat(one(json, answer("```json\n[1, 2]\n```"))).isEqualTo(1);
    assertThat(one(json, answer("{\"a\": 1"))).isEqualTo(0);
    assertThat(one(json, answer("{\"a\": 1} trailing"))).isEqualTo(0);
    assertThat(one(json, answer(""))).isEqualTo(0);
    String required = "{\"type\": \"json\", \"required\": [\"name\", \"年龄\"]}";
    assertThat(one(required, answer("{\"name\": \"深度\", \"年龄\": 3}"))).isEqualTo(1);
    assertThat(one(required, answer("{\"name\": \"深度\"}"))).isEqualTo(0);
    assertThat(one(required, answer("[\"name\", \"年龄\"]"))).isEqualTo(0);
  }

  @Test
  void weightedSumAndNames() throws Exception {
    RewardSet set =
        config(
            "{\"rewards\": [{\"type\": \"regex\", \"pattern\": \"Deep\", \"weight\": 2},"
                + " {\"type\": \"regex\", \"pattern\": \"[a-z]\", \"score\": \"fraction\","
                + " \"weight\": 0.5}, {\"type\": \"json\"}]}");
    assertThat(set.names()).containsExactly("regex_0", "regex_1", "json");
    // "Deep": match 1 (x2), fraction 3/4 (x0.5), json 0 -> 2.375.
    RewardSet.Scores s = set.score(answer("Deep"));
    assertThat(s.each()).containsExactly(1, 0.75, 0);
    assertThat(s.total()).isEqualTo(2.375);
  }

  @Test
  void statsAreMeanAndSampleStd() throws Exception {
    RewardSet set =
        config("{\"rewards\": [{\"type\": \"regex\", \"pattern\": \"a\", \"score\": \"count\"}]}");
    RewardStats stats = new RewardStats(set.names());
    for (String text : List.of("a", "aa", "aaa", "aaaa")) {
      stats.add(set.score(answer(text)));
    }
    // 1, 2, 3, 4: mean 2.5; sample variance (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3.
    assertThat(stats.metrics().get("rewards/regex/mean")).isEqualTo(2.5);
    assertThat(stats.metrics().get("rewards/regex/std"))
        .isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
    assertThat(stats.metrics().get("reward_std")).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
  }

  @Test
  void identityExampleConfig() throws Exception {
    RewardSet identity =
        RewardConfig.read(
            Path.of("../docs/identity-reward.json"),
            dir -> {
              throw new IllegalArgumentException("no judge");
            });
    assertThat(identity.score(answer("I am Deep Qwen, made by DeepOrg.")).total()).isEqualTo(2);
    assertThat(identity.score(answer("I am Qwen.")).total()).isEqualTo(0);
    assertThat(identity.score(answer("Deep Qwen, not Qwen.")).total()).isEqualTo(1);
    assertThat(identity.score(answer("我是Deep Qwen。")).total()).isEqualTo(2);
  }

  @Test
  void badConfigsNameTheField() {
    assertThatThrownBy(() -> config("{\"rewards\": []}")).hasMessageContaining("at least one");
    assertThatThrownBy(() -> config("{\"rewards\": [{\"type\": \"regexp\"}]}"))
        .hasMessageContaining("rewards[0]: type must be one of regex");
    assertThatThrownBy(() -> config("{\"rewards\": [{\"type\": \"regex\", \"pattern\": \"(\"}]}"))
        .hasMessageContaining("rewards[0]: pattern is not a valid");
    assertThatThrownBy(
            () -> config("{\"rewards\": [{\"type\": \"regex\", \"pattern\": \"a\", \"scor\": 1}]}"))
        .hasMessageContaining("unknown setting 'scor'");
    assertThatThrownBy(() -> config("{\"rewards\": [{\"type\": \"length\", \"target\": 0}]}"))
        .hasMessageContaining("target must be a positive");
    assertThatThrownBy(
            () ->
                config(
                    "{\"rewards\": [{\"type\": \"exact\", \"field\": \"a\", \"normalize\":"
                        + " [\"upper\"]}]}"))
        .hasMessageContaining("unknown 'upper'");
  }
}
