package io.postrain.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one parser of model references, shared by the trainer and the inference service. */
class ModelReferenceTest {

  @Test
  void parsesTheThreeForms() {
    assertThat(ModelReference.parse("model", "qwen-tiny"))
        .isEqualTo(new ModelReference("qwen-tiny", null));
    assertThat(ModelReference.parse("model", "qwen-tiny").newest()).isTrue();
    assertThat(ModelReference.parse("model", "deep-qwen:latest"))
        .isEqualTo(new ModelReference("deep-qwen", "latest"));
    assertThat(ModelReference.parse("model", "deep-qwen:latest").newest()).isTrue();
    ModelReference v = ModelReference.parse("model", "Qwen3-0.6B:v12");
    assertThat(v.name()).isEqualTo("Qwen3-0.6B");
    assertThat(v.version()).isEqualTo("v12");
    assertThat(v.newest()).isFalse();
    assertThat(v).hasToString("Qwen3-0.6B:v12");
    assertThat(ModelReference.parse("model", "m")).hasToString("m");
  }

  @Test
  void refusesHostileReferencesNamingTheField() {
    for (String ref :
        new String[] {
          "a:b:c",
          ":v1",
          "m:",
          ":",
          "../x",
          "../../../../x:v1",
          "m:../../etc",
          "/etc",
          "/etc:v1",
          "m:/etc",
          "a/b",
          "a\\b:v1",
          "%2e%2e%2f",
          "m:%2e%2e",
          "m\u0000",
          "m:v1\u0000",
          ".hidden:v1",
          "m:..",
          "x".repeat(Names.MAX_LENGTH + 1),
          "m:" + "x".repeat(Names.MAX_LENGTH + 1)
        }) {
      assertThatThrownBy(() -> ModelReference.parse("baseModel", ref))
          .as(ref)
          .isInstanceOf(InvalidEventException.class)
          .hasMessageStartingWith("baseModel '")
          .hasMessageContaining("is not an accepted model reference: expected name, name:version")
          .extracting(e -> ((InvalidEventException) e).field())
          .isEqualTo("baseModel");
    }
    assertThatThrownBy(() -> ModelReference.parse("baseModel", null))
        .hasMessageStartingWith("baseModel is missing: expected name, name:version or name:latest");
    assertThatThrownBy(() -> new ModelReference("a/b", null)).hasMessageStartingWith("name 'a/b'");
  }
}
