package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postrain.events.InvalidEventException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The one parser of a training job's method, config and LoRA settings, and its messages. */
class JobSettingsTest {

  @Test
  void readsTheMethodsConfigOverTrlDefaults() {
    JobSettings dpo = JobSettings.parse("dpo", "{\"beta\": 0.2}", null);
    assertThat(dpo.dpo().beta()).isEqualTo(0.2);
    assertThat(dpo.sft()).isNull();
    assertThat(dpo.lora()).isNull();
    assertThat(dpo.training().learningRate()).isEqualTo(1e-6);
    JobSettings sft = JobSettings.parse("sft", null, "{\"r\": 4}");
    assertThat(sft.sft()).isNotNull();
    assertThat(sft.lora().r()).isEqualTo(4);
  }

  @Test
  void refusesNamingTheFieldAndWhatIsAccepted() {
    refused("magic", "{}", null)
        .hasMessage("unknown method 'magic': accepted are sft and dpo")
        .extracting("field")
        .isEqualTo("method");
    refused("dpo", "{\"training\": {\"learningRate\": -3}}", null)
        .hasMessage("invalid dpo config: learningRate must be > 0 (got -3.0)")
        .extracting("field")
        .isEqualTo("config");
    refused("sft", "{\"training\": {\"numTrainEpochs\": \"many\"}}", null)
        .hasMessageStartingWith(
            "invalid sft config: training.numTrainEpochs has the wrong type: Cannot deserialize"
                + " value of type `double` from String \"many\"")
        .extracting("field")
        .isEqualTo("config");
    refused("dpo", "{}", "{\"r\": -1}")
        .hasMessage("invalid lora config: r must be >= 1 (got -1)")
        .extracting("field")
        .isEqualTo("lora");
    refused("dpo", "{\"training\": {\"bogus\": 1}}", null)
        .hasMessageStartingWith(
            "invalid dpo config: unknown field training.bogus: accepted are adamBeta1, adamBeta2,")
        .hasMessageContaining(", numTrainEpochs, ")
        .extracting("field")
        .isEqualTo("config");
    refused("dpo", "{\"bogus\": 1}", null)
        .hasMessageStartingWith("invalid dpo config: unknown field bogus: accepted are beta,")
        .hasMessageEndingWith(", regularizationWeight, rpoAlpha, training");
  }

  @Test
  void lintSettingsAreReadFromTheConfigsTopLevelAndHiddenFromTheMethodsConfig() {
    JobSettings plain = JobSettings.parse("dpo", "{\"beta\": 0.2}", null);
    assertThat(plain.lint()).isEqualTo(new LintSettings(false, null));
    JobSettings refusing =
        JobSettings.parse(
            "sft", "{\"refuseLintErrors\": true, \"lintExpectedWords\": \"Deep Qwen\"}", null);
    assertThat(refusing.lint()).isEqualTo(new LintSettings(true, "Deep Qwen"));
    assertThat(refusing.sft()).isNotNull();
    refused("dpo", "{\"refuseLintErrors\": \"yes\"}", null)
        .hasMessage("config.refuseLintErrors must be true or false (got \"yes\")")
        .extracting("field")
        .isEqualTo("config.refuseLintErrors");
    refused("dpo", "{\"lintExpectedWords\": 7}", null)
        .hasMessage(
            "config.lintExpectedWords must be a string of words, e.g. \"Deep Qwen\" (got 7)")
        .extracting("field")
        .isEqualTo("config.lintExpectedWords");
    refused("dpo", "{\"lintExpectedWords\": \" \"}", null)
        .hasMessage(
            "config.lintExpectedWords must be words such as \"Deep Qwen\", or left out (got a"
                + " blank string)")
        .extracting("field")
        .isEqualTo("config.lintExpectedWords");
  }

  @Test
  void regularizationGoesWithADpoJobAndAWeight() {
    JobSettings weighted = JobSettings.parse("dpo", "{\"regularizationWeight\": 1.0}", null);
    weighted.checkRegularization("general");
    assertThatThrownBy(() -> weighted.checkRegularization(null))
        .hasMessageStartingWith("config.regularizationWeight is 1.0 but the job names no")
        .extracting("field")
        .isEqualTo("regularizationDatasetId");
    assertThatThrownBy(() -> JobSettings.parse("dpo", null, null).checkRegularization("general"))
        .hasMessageStartingWith(
            "the job names regularizationDatasetId general but config.regularizationWeight is 0")
        .extracting("field")
        .isEqualTo("config");
    assertThatThrownBy(() -> JobSettings.parse("sft", null, null).checkRegularization("general"))
        .hasMessageEndingWith("this job's method is sft; leave it out");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(
      String method, String config, String lora) {
    return assertThatThrownBy(() -> JobSettings.parse(method, config, lora))
        .isInstanceOf(InvalidEventException.class);
  }
}
