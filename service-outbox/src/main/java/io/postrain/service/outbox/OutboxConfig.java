package io.postrain.service.outbox;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a service runs its outbox relay: a config group each service maps under its own prefix
 * ({@code postrain.<service>.outbox.*}).
 */
public interface OutboxConfig {

  /**
   * How often the relay retries records that could not be published right after their transaction
   * (e.g. while Kafka was down).
   */
  @WithDefault("5s")
  Duration relayInterval();

  /** Most records published in one relay round. */
  @WithDefault("500")
  int batchSize();

  /**
   * How long one relay round waits for the broker to acknowledge its records. Longer than the
   * producer may hold a record (SmallRye re-sends a failed record until the channel's {@code
   * delivery.timeout.ms}, 120 s by default, and that last attempt may take as long again), so a
   * round never gives up on a record the producer still holds: one given up on and then delivered
   * anyway would be published a second time by the next round.
   */
  @WithDefault("5m")
  Duration sendTimeout();

  /**
   * How long published records stay in the outbox table (for operators tracing a record) before the
   * relay deletes them.
   */
  @WithDefault("7d")
  Duration retention();
}
