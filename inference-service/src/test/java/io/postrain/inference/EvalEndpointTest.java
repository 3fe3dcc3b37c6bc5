package io.postrain.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.template.ChatMessage;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.Evaluator;
import io.postrain.scenario.IdentityCorpus;
import io.postrain.scenario.ScenarioNames;
import io.postrain.scenario.SkillCorpus;
import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/eval} against the scenario's evaluation run on the engine directly. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class EvalEndpointTest {

  @ConfigProperty(name = "postrain.inference.models-dir")
  Path modelsDir;

  @BeforeEach
  void ready() {
    Fixtures.awaitReady();
  }

  @Test
  void reportEqualsTheEngineEvaluationOfTheSameQuestions() throws Exception {
    String json =
        Fixtures.post(
                "/v1/eval", "{\"model\":\"tiny\",\"newName\":\"Nova\",\"seed\":3,\"limit\":2}")
            .statusCode(200)
            .extract()
            .asString();
    JsonNode report = Events.mapper().readTree(json);

    ScenarioNames names = new ScenarioNames("Qwen", "Alibaba Cloud", "Nova");
    EvalReport expected;
    try (LanguageModel lm = LanguageModel.load(modelsDir.resolve(TinyModelsResource.TINY))) {
      GenerationConfig greedy = GenerationConfig.greedy(160, lm.stopTokenIds());
      expected =
          new Evaluator()
              .evaluate(
                  questions -> {
                    List<String> answers = new ArrayList<>();
                    for (String q : questions) {
                      answers.add(
                          lm.generate(List.of(List.of(ChatMessage.user(q))), greedy, false)
                              .get(0)
                              .get(0)
                              .text());
                    }
                    return answers;
                  },
                  IdentityCorpus.build(names, 3).heldOut().subList(0, 2),
                  SkillCorpus.build(3).heldOut().subList(0, 2),
                  names);
    }
    assertThat(report.path("names").path("newName").asText()).isEqualTo("Nova");
    assertThat(report.path("identity").path("total").asInt()).isEqualTo(2);
    assertThat(report.path("rows")).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(report.path("rows").get(i).path("question").asText())
          .isEqualTo(expected.rows().get(i).question());
      assertThat(report.path("rows").get(i).path("answer").asText())
          .isEqualTo(expected.rows().get(i).answer());
    }
  }

  @Test
  void refusesAMissingModelAndABadLimit() {
    Fixtures.post("/v1/eval", "{\"limit\":2}").statusCode(400);
    Fixtures.post("/v1/eval", "{\"model\":\"tiny\",\"limit\":0}").statusCode(400);
  }
}
