package io.postrain.curation;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs the application under the {@code pg} profile: PostgreSQL at {@code POSTRAIN_PG_URL}, in the
 * {@code curation} schema, which Flyway empties before migrating.
 */
public class PostgresProfile implements QuarkusTestProfile {

  @Override
  public String getConfigProfile() {
    return "pg";
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.flyway.clean-at-start", "true",
        "quarkus.flyway.clean-disabled", "false",
        "postrain.curation.outbox.relay-interval", "1s",
        "quarkus.log.category.\"org.apache.kafka\".level", "WARN",
        "quarkus.log.category.\"kafka\".level", "WARN");
  }
}
