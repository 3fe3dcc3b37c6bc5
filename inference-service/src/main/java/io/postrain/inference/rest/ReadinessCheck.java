package io.postrain.inference.rest;

import io.postrain.inference.service.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once at least one model version is loaded and can serve. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject ModelRegistry registry;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("models")
        .status(registry.hasModel())
        .withData("models", String.join(",", registry.loaded().keySet()))
        .build();
  }
}
