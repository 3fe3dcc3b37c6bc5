package io.postrain.trainer;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs the application under the {@code pg} profile: PostgreSQL at {@code POSTRAIN_PG_URL}, in the
 * {@code trainer} schema, which Flyway empties before migrating.
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
        "postrain.trainer.outbox.relay-interval", "1s",
        "postrain.trainer.jobs.poll-interval", "200ms",
        "quarkus.log.category.\"org.apache.kafka\".level", "WARN",
        "quarkus.log.category.\"kafka\".level", "WARN");
  }
}
