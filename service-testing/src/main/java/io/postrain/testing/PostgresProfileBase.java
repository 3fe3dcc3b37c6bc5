package io.postrain.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The services' PostgreSQL test profile: the {@code pg} profile (PostgreSQL at {@code
 * POSTRAIN_PG_URL}, in the service's schema), which Flyway empties before migrating, and the Kafka
 * clients quiet. A service's profile adds its own settings in {@link #serviceOverrides()}.
 */
public abstract class PostgresProfileBase implements QuarkusTestProfile {

  @Override
  public String getConfigProfile() {
    return "pg";
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> overrides = new HashMap<>(serviceOverrides());
    overrides.put("quarkus.flyway.clean-at-start", "true");
    overrides.put("quarkus.flyway.clean-disabled", "false");
    overrides.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
    overrides.put("quarkus.log.category.\"kafka\".level", "WARN");
    return overrides;
  }

  /** The service's own settings under this profile (none by default). */
  protected Map<String, String> serviceOverrides() {
    return Map.of();
  }
}
