package io.postrain.inference.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.inference.service.ModelLoader;
import io.postrain.inference.service.ModelRegistry;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Not ready while the startup loading runs, nor when it loaded no model (empty models directory).
 */
class ReadinessCheckTest {

  @Test
  void notReadyWithoutAModel() {
    ReadinessCheck check = new ReadinessCheck();
    check.registry = new ModelRegistry();
    check.loader = new ModelLoader();
    HealthCheckResponse response = check.call();
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsEntry("startup", "loading");
  }
}
