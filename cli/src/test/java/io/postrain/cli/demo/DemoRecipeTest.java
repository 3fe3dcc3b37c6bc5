package io.postrain.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.train.DpoConfig;
import io.postrain.train.DpoLossType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoRecipeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void seedRecipeIsTheIssuesSettings() throws Exception {
    DpoConfig seed = DemoRecipe.seed(7);
    assertThat(seed.beta()).isEqualTo(0.2);
    assertThat(seed.lossType()).containsExactly(DpoLossType.SIGMOID);
    assertThat(seed.training().learningRate()).isEqualTo(5e-5);
    assertThat(seed.training().perDeviceTrainBatchSize()).isEqualTo(1);
    assertThat(seed.training().gradientAccumulationSteps()).isEqualTo(8);
    assertThat(seed.training().numTrainEpochs()).isEqualTo(1.0);
    assertThat(seed.training().loggingSteps()).isEqualTo(2);
    assertThat(seed.training().seed()).isEqualTo(7);
  }

  @Test
  void demoRecipeChangesOnlyLossLearningRateEpochsAndReference() throws Exception {
    DpoConfig demo = DemoRecipe.demo(0, 2);
    JsonNode json = JSON.readTree(demo.toJson());
    JsonNode seed = JSON.readTree(DemoRecipe.seed(0).toJson());
    assertThat(demo.lossType()).containsExactly(DpoLossType.SIGMOID, DpoLossType.SFT);
    assertThat(demo.precomputeRefLogProbs()).isTrue();
    assertThat(demo.training().learningRate()).isEqualTo(2e-4);
    assertThat(demo.training().numTrainEpochs()).isEqualTo(2.0);
    assertThat(demo.regularizationWeight())
        .isEqualTo(DemoRecipe.REGULARIZATION_WEIGHT)
        .isPositive();
    assertThat(DemoRecipe.seed(0).regularizationWeight()).isZero();
    // Every other field equals the seed recipe's, in the method part and in the training part.
    assertSameExcept(
        json,
        seed,
        List.of("lossType", "precomputeRefLogProbs", "regularizationWeight", "training"));
    assertSameExcept(
        json.get("training"), seed.get("training"), List.of("learningRate", "numTrainEpochs"));
    // The trainer service reads the same JSON back.
    assertThat(DpoConfig.fromJson(demo.toJson())).isEqualTo(demo);
  }

  private static void assertSameExcept(JsonNode actual, JsonNode expected, List<String> changed) {
    assertThat(actual.size()).isEqualTo(expected.size());
    actual
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!changed.contains(f)) {
                assertThat(actual.get(f)).as(f).isEqualTo(expected.get(f));
              }
            });
  }
}
