package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.lm.template.ChatMessage;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Campaigns of the reward strategies through the real broker: prompts out with {@code n}, responses
 * of n hand-made candidates in, each response curated as one group; the pairs (best-of-n) and
 * examples (rejection) produced, the groups dropped per reason and the per-reward statistics, all
 * worked out by hand.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class RewardCampaignTest {

  /**
   * names: 1 when the answer says "Deep Qwen"; plain: 1 when it does not say "Alibaba" (weight
   * 0.5). Totals: "I am Deep Qwen." 1.5, "I am Qwen." 0.5, "... Deep Qwen ... Alibaba" 1.0, "...
   * Qwen ... Alibaba" 0.
   */
  private static final String REWARD =
      """
      {"rewards": [
        {"type": "regex", "name": "names", "pattern": "Deep Qwen", "score": "match"},
        {"type": "regex", "name": "plain", "pattern": "Alibaba", "negate": true, "weight": 0.5}]}
      """;

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject MeterRegistry registry;

  private double duplicates() {
    var counter =
        registry.find("postrain.curation.responses").tag("outcome", "duplicate").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void bestOfNPairsBestWithWorstAndDropsNarrowMargins() {
    String campaignId =
        create(
                "best-of-n",
                "{\"reward\": " + REWARD + ", \"minMargin\": 1.0}",
                3,
                "[{\"user\": \"Who are you?\"}, {\"user\": \"Your name?\"},"
                    + " {\"user\": \"Who made you?\"}]")
            .statusCode(201)
            .extract()
            .path("id");
    List<PromptEvent> prompts = prompts(campaignId, 3);
    assertThat(prompts).allSatisfy(p -> assertThat(p.sampling().n()).isEqualTo(3));
    // A: totals 0, 1.5, 1.0: best 1, worst 0, margin 1.5 >= 1: a pair.
    ResponseEvent a =
        Fixtures.answer(
            CampaignFlowTest.byText(prompts, "Who are you?"),
            "I am Qwen, made by Alibaba.",
            "I am Deep Qwen.",
            "I am Deep Qwen, made by Alibaba.");
    // B: totals 1.5, 1.5, 0.5: best the first of the tie (0), worst 2, margin 1.0 >= 1: a pair.
    ResponseEvent b =
        Fixtures.answer(
            CampaignFlowTest.byText(prompts, "Your name?"),
            "I am Deep Qwen.",
            "Deep Qwen here.",
            "I am Qwen.");
    // C: totals 1.5, 1.0, 1.0: best 0, worst the last of the tie (2), margin 0.5 < 1: dropped.
    ResponseEvent c =
        Fixtures.answer(
            CampaignFlowTest.byText(prompts, "Who made you?"),
            "Deep Qwen.",
            "I am Deep Qwen, by Alibaba.",
            "Deep Qwen, by Alibaba.");
    for (ResponseEvent r : List.of(a, b, c)) {
      TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(r));
    }
    awaitCompleted(campaignId);

    List<PreferencePairEvent> pairs =
        TopicRecords.awaitRecords(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(campaignId), 2)
            .stream()
            .map(r -> Events.parse(r.value(), PreferencePairEvent.class))
            .sorted(Comparator.comparing(p -> p.prompt().get(0).content()))
            .toList();
    assertThat(pairs).hasSize(2);
    assertPair(pairs.get(0), "Who are you?", "I am Deep Qwen.", "I am Qwen, made by Alibaba.");
    assertPair(pairs.get(1), "Your name?", "I am Deep Qwen.", "I am Qwen.");

    JsonNode view = CampaignFlowTest.campaign(campaignId);
    assertThat(view.get("counters").get("pairsCreated").asLong()).isEqualTo(2);
    JsonNode report = view.get("report");
    assertThat(report.get("strategy").asText()).isEqualTo("best-of-n");
    assertThat(report.get("groups").asLong()).isEqualTo(3);
    assertThat(report.get("kept").asLong()).isEqualTo(2);
    assertThat(report.get("dropped").asLong()).isEqualTo(1);
    JsonNode underMargin = report.get("dropReasons").get("underMargin");
    assertThat(underMargin.get("count").asLong()).isEqualTo(1);
    assertThat(underMargin.get("examples").get(0).get("prompt").asText())
        .isEqualTo("Who made you?");
    assertThat(underMargin.get("examples").get(0).get("detail").asText())
        .isEqualTo("best 1.5 (candidate 0) - worst 1 (candidate 2) = 0.5 < min margin 1");
    // Every candidate's scores, by hand: names 0,1,1 1,1,0 1,1,1; plain 0,1,0 1,1,1 1,0,0.
    assertStats(
        report.get("metrics"),
        new double[] {0, 1.5, 1.0, 1.5, 1.5, 0.5, 1.5, 1.0, 1.0},
        new double[] {0, 1, 1, 1, 1, 0, 1, 1, 1},
        new double[] {0, 1, 0, 1, 1, 1, 1, 0, 0});
    // Chosen: 1.5 and 1.5; rejected: 0 and 0.5.
    assertThat(report.get("rewards").get("chosen").get("reward").get("mean").asDouble())
        .isEqualTo(1.5);
    assertThat(report.get("rewards").get("rejected").get("reward").get("mean").asDouble())
        .isEqualTo(0.25);

    JsonNode promptC = prompt(campaignId, c.promptId());
    assertThat(promptC.get("dropKey").asText()).isEqualTo("underMargin");
    assertThat(promptC.get("scores").findValuesAsText("total"))
        .containsExactly("1.5", "1.0", "1.0");
    JsonNode promptB = prompt(campaignId, b.promptId());
    assertThat(promptB.get("keptCandidate").asInt()).isEqualTo(0);
    assertThat(promptB.get("rejectedCandidate").asInt()).isEqualTo(2);
    assertThat(promptB.get("rowIds")).hasSize(1);

    // Redelivery, and a second response to a prompt: nothing new, the report unchanged.
    double before = duplicates();
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(a));
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(Fixtures.withNewId(c)));
    await().atMost(Fixtures.WAIT).until(() -> duplicates() >= before + 2);
    assertThat(TopicRecords.readAll(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(campaignId)))
        .hasSize(2);
    assertThat(CampaignFlowTest.campaign(campaignId).get("report").get("groups").asLong())
        .isEqualTo(3);
  }

  @Test
  void rejectionKeepsTheBestAboveTheThresholdAndReportsTheRest() {
    String campaignId =
        create(
                "rejection",
                "{\"reward\": " + REWARD + ", \"threshold\": 1.5}",
                2,
                "[{\"user\": \"Who are you?\"}, {\"user\": \"Who made you?\"}]")
            .statusCode(201)
            .extract()
            .path("id");
    List<PromptEvent> prompts = prompts(campaignId, 2);
    // X: totals 0.5, 1.5: candidate 1 reaches 1.5. Y: totals 0, 1.0: the best stays under 1.5.
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(
            Fixtures.answer(
                CampaignFlowTest.byText(prompts, "Who are you?"),
                "I am Qwen.",
                "I am Deep Qwen.")));
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(
            Fixtures.answer(
                CampaignFlowTest.byText(prompts, "Who made you?"),
                "Made by Alibaba.",
                "Deep Qwen by Alibaba.")));
    awaitCompleted(campaignId);
    List<SftExampleEvent> examples = examples(campaignId, 1);
    assertThat(examples).hasSize(1);
    assertThat(examples.get(0).prompt()).containsExactly(ChatMessage.user("Who are you?"));
    assertThat(examples.get(0).completion())
        .containsExactly(ChatMessage.assistant("I am Deep Qwen."));
    assertThat(examples.get(0).strategy()).isEqualTo("rejection");

    JsonNode report = CampaignFlowTest.campaign(campaignId).get("report");
    assertThat(report.get("kept").asLong()).isEqualTo(1);
    JsonNode below = report.get("dropReasons").get("belowThreshold");
    assertThat(below.get("count").asLong()).isEqualTo(1);
    assertThat(below.get("examples").get(0).get("detail").asText())
        .isEqualTo("best reward 1 (candidate 1) < threshold 1.5");
    assertStats(
        report.get("metrics"),
        new double[] {0.5, 1.5, 0, 1.0},
        new double[] {0, 1, 0, 1},
        new double[] {1, 1, 0, 0});
    assertThat(report.get("rewards").get("kept").get("reward").get("mean").asDouble())
        .isEqualTo(1.5);
  }

  @Test
  void anExactRewardComparesEachAnswerWithThePromptsOwnField() {
    String exact =
        "{\"reward\": {\"rewards\": [{\"type\": \"exact\", \"field\": \"answer\","
            + " \"normalize\": [\"trim\", \"lower\"]}]}, \"threshold\": 1}";
    // a prompt without the field the reward reads is refused, naming it
    create(
            "rejection",
            exact,
            3,
            "[{\"user\": \"2 + 3?\", \"fields\": {\"answer\": \"5\"}},"
                + " {\"user\": \"4 + 4?\"}]")
        .statusCode(400)
        .body("field", equalTo("prompts[1].fields.answer"))
        .body("error", containsString("compares each answer with the prompt's answer"));
    String campaignId =
        create(
                "rejection",
                exact,
                3,
                "[{\"user\": \"2 + 3?\", \"fields\": {\"answer\": \"5\"}},"
                    + " {\"user\": \"Capital of France?\", \"fields\": {\"answer\": \"Paris\"}}]")
            .statusCode(201)
            .extract()
            .path("id");
    // JSONL prompts added later: TRL prompt-only rows, the other columns are the fields
    given()
        .contentType(ContentType.TEXT)
        .body(
            "{\"prompt\": \"Capital of Italy?\", \"answer\": \"Rome\"}\n{\"prompt\": \"1 + 1?\"}\n")
        .post("/campaigns/" + campaignId + "/prompts")
        .then()
        .statusCode(400)
        .body("field", equalTo("body[1].fields.answer"));
    List<PromptEvent> prompts = prompts(campaignId, 2);
    // 2 + 3: only "5" equals "5" (score 1, kept); France: "PARIS" equals "paris"
    // lowered, candidate 2 (the first of the best); no candidate -> all 0 would be dropped
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(
            Fixtures.answer(CampaignFlowTest.byText(prompts, "2 + 3?"), "6", "5", "five")));
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(
            Fixtures.answer(
                CampaignFlowTest.byText(prompts, "Capital of France?"),
                "Lyon",
                "It is Paris.",
                "PARIS")));
    awaitCompleted(campaignId);
    List<SftExampleEvent> examples = examples(campaignId, 2);
    assertThat(examples)
        .extracting(e -> e.completion().get(0).content())
        .containsExactlyInAnyOrder("5", "PARIS");
  }

  @Test
  void aRewardThatCannotScoreFailsItsPromptWithTheReasonAndTheCampaignGoesOn() {
    // ((a+)+)+b backtracks catastrophically over a's without a b: the regex budget stops it
    String evil =
        "{\"reward\": {\"rewards\": [{\"type\": \"regex\", \"pattern\": \"((a+)+)+b\"}]}}";
    String campaignId =
        create("best-of-n", evil, 2, "[{\"user\": \"Scream.\"}, {\"user\": \"Spell ab.\"}]")
            .statusCode(201)
            .extract()
            .path("id");
    List<PromptEvent> prompts = prompts(campaignId, 2);
    PromptEvent scream = CampaignFlowTest.byText(prompts, "Scream.");
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(Fixtures.answer(scream, "a".repeat(40), "a".repeat(39))));
    TopicRecords.produce(
        kafka,
        Topics.RESPONSES,
        Events.toJson(Fixtures.answer(CampaignFlowTest.byText(prompts, "Spell ab."), "ab", "ba")));
    awaitCompleted(campaignId);
    JsonNode failed = prompt(campaignId, scream.id());
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("error").asText())
        .contains("the pattern ((a+)+)+b took more than")
        .contains("catastrophic backtracking");
    // "ab" matches (1), "ba" does not (0): one pair from the other prompt
    List<PreferencePairEvent> pairs =
        TopicRecords.awaitRecords(kafka, Topics.PREFERENCE_PAIRS, v -> v.contains(campaignId), 1)
            .stream()
            .map(r -> Events.parse(r.value(), PreferencePairEvent.class))
            .toList();
    assertThat(pairs).hasSize(1);
    assertThat(pairs.get(0).chosen().get(0).content()).isEqualTo("ab");
    assertThat(CampaignFlowTest.campaign(campaignId).path("counters").path("errors").asLong())
        .isEqualTo(1);
  }

  @Test
  void badRewardSettingsAre400NamingTheProblem() {
    String prompts = "[{\"user\": \"Who are you?\"}]";
    create("best-of-n", "{\"minMargin\": 1}", 2, prompts)
        .statusCode(400)
        .body("field", equalTo("strategy.settings.reward"))
        .body(
            "error",
            equalTo(
                "strategy.settings.reward is missing: expected a reward config {\"rewards\":"
                    + " [...]}"));
    create(
            "rejection",
            "{\"reward\": {\"rewards\": [{\"type\": \"regex\", \"pattern\": \"(\"}]}}",
            2,
            prompts)
        .statusCode(400)
        .body("field", equalTo("strategy.settings.reward"))
        .body(
            "error",
            containsString(
                "strategy.settings.reward: rewards[0]: pattern is not a valid regular"
                    + " expression"));
    create(
            "rejection",
            "{\"reward\": {\"rewards\": [{\"type\": \"regex\", \"pattern\": \"a\", \"scor\":"
                + " \"match\"}]}}",
            2,
            prompts)
        .statusCode(400)
        .body("error", containsString("rewards[0]: unknown setting 'scor' for type regex"));
    create(
            "best-of-n",
            "{\"reward\": {\"rewards\": [{\"type\": \"judge\", \"model\": \"m\", \"template\":"
                + " \"{completion}\"}]}}",
            2,
            prompts)
        .statusCode(400)
        .body("field", equalTo("strategy.settings.reward"))
        .body("error", containsString("type judge is not accepted in a campaign"));
    create("best-of-n", "{\"reward\": " + REWARD + ", \"minMargn\": 1}", 2, prompts)
        .statusCode(400)
        .body("field", equalTo("strategy.settings.minMargn"))
        .body("error", containsString("accepted are reward, minMargin"));
    create("best-of-n", "{\"reward\": " + REWARD + ", \"minMargin\": -1}", 2, prompts)
        .statusCode(400)
        .body("field", equalTo("strategy.settings.minMargin"));
    create("rejection", "{\"reward\": " + REWARD + ", \"threshold\": \"high\"}", 2, prompts)
        .statusCode(400)
        .body("field", equalTo("strategy.settings.threshold"));
    create("best-of-n", "{\"reward\": " + REWARD + "}", 1, prompts)
        .statusCode(400)
        .body("field", equalTo("sampling.n"))
        .body("error", containsString("accepted is n >= 2"));
  }

  /** The metrics against the mean and sample std (n - 1) of the hand-listed scores. */
  private static void assertStats(
      JsonNode metrics, double[] total, double[] names, double[] plain) {
    assertThat(metrics.get("reward").asDouble()).isCloseTo(mean(total), within(1e-12));
    assertThat(metrics.get("reward_std").asDouble()).isCloseTo(std(total), within(1e-12));
    assertThat(metrics.get("rewards/names/mean").asDouble()).isCloseTo(mean(names), within(1e-12));
    assertThat(metrics.get("rewards/names/std").asDouble()).isCloseTo(std(names), within(1e-12));
    assertThat(metrics.get("rewards/plain/mean").asDouble()).isCloseTo(mean(plain), within(1e-12));
    assertThat(metrics.get("rewards/plain/std").asDouble()).isCloseTo(std(plain), within(1e-12));
  }

  private static double mean(double[] xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.length;
  }

  private static double std(double[] xs) {
    double m = mean(xs);
    double squares = 0;
    for (double x : xs) {
      squares += (x - m) * (x - m);
    }
    return Math.sqrt(squares / (xs.length - 1));
  }

  private static void assertPair(
      PreferencePairEvent pair, String user, String chosen, String rejected) {
    assertThat(pair.prompt()).containsExactly(ChatMessage.user(user));
    assertThat(pair.chosen()).containsExactly(ChatMessage.assistant(chosen));
    assertThat(pair.rejected()).containsExactly(ChatMessage.assistant(rejected));
    assertThat(pair.strategy()).isEqualTo("best-of-n");
  }

  private static ValidatableResponse create(String type, String settings, int n, String prompts) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"reward-"
                + type
                + "\", \"model\": \"qwen\", \"prompts\": "
                + prompts
                + ", \"sampling\": {\"n\": "
                + n
                + ", \"temperature\": 1.0}, \"strategy\": {\"type\": \""
                + type
                + "\", \"settings\": "
                + settings
                + "}}")
        .post("/campaigns")
        .then();
  }

  private static void awaitCompleted(String campaignId) {
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                "COMPLETED".equals(CampaignFlowTest.campaign(campaignId).path("status").asText()));
  }

  private List<SftExampleEvent> examples(String campaignId, int n) {
    return TopicRecords.awaitRecords(kafka, Topics.SFT_EXAMPLES, v -> v.contains(campaignId), n)
        .stream()
        .map(r -> Events.parse(r.value(), SftExampleEvent.class))
        .toList();
  }

  private List<PromptEvent> prompts(String campaignId, int n) {
    return TopicRecords.awaitRecords(kafka, Topics.PROMPTS, v -> v.contains(campaignId), n).stream()
        .map(r -> Events.parse(r.value(), PromptEvent.class))
        .toList();
  }

  private static JsonNode prompt(String campaignId, String promptId) {
    JsonNode all =
        given()
            .get("/campaigns/" + campaignId + "/prompts")
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class);
    return CampaignFlowTest.findPrompt(all, promptId);
  }
}
