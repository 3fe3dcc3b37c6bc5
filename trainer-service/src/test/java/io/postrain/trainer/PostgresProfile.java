package io.postrain.trainer;

import io.postrain.testing.PostgresProfileBase;
import java.util.Map;

/** Runs the application under the {@code pg} profile, in the {@code trainer} schema. */
public class PostgresProfile extends PostgresProfileBase {

  @Override
  protected Map<String, String> serviceOverrides() {
    return Map.of(
        "postrain.trainer.outbox.relay-interval", "1s",
        "postrain.trainer.jobs.poll-interval", "200ms");
  }
}
