package io.postrain.inference.rest;

import io.postrain.inference.service.ModelLoader;
import io.postrain.inference.service.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the startup loading is done (after a restart, the trained versions served before are
 * loaded again, so {@code name:latest} means what it meant) and at least one model version can
 * serve.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject ModelRegistry registry;

  @Inject ModelLoader loader;

  @Override
  public HealthCheckResponse call() {
    boolean loaded = loader.startupDone();
    return HealthCheckResponse.named("models")
        .status(loaded && registry.hasModel())
        .withData("startup", loaded ? "loaded" : "loading")
        .withData("models", String.join(",", registry.loaded().keySet()))
        .build();
  }
}
