package io.postrain.curation;

import io.postrain.testing.PostgresProfileBase;
import java.util.Map;

/** Runs the application under the {@code pg} profile, in the {@code curation} schema. */
public class PostgresProfile extends PostgresProfileBase {

  @Override
  protected Map<String, String> serviceOverrides() {
    return Map.of(
        "postrain.curation.outbox.relay-interval", "1s",
        "quarkus.datasource.jdbc.acquisition-timeout", "60s");
  }
}
