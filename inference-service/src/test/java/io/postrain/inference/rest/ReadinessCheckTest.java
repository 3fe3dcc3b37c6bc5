package io.postrain.inference.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.inference.service.ModelRegistry;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Not ready while no model is loaded (e.g. an empty models directory). */
class ReadinessCheckTest {

  @Test
  void notReadyWithoutAModel() {
    ReadinessCheck check = new ReadinessCheck();
    check.registry = new ModelRegistry();
    HealthCheckResponse response = check.call();
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
  }
}
