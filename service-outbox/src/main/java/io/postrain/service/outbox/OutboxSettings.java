package io.postrain.service.outbox;

import java.time.Duration;

/**
 * How a service runs its outbox relay, read from its own {@code postrain.<service>.outbox.*} keys.
 *
 * @param batchSize records published per round trip to the broker
 * @param relayInterval how often the timer publishes what is still pending
 * @param sendTimeout how long one relay round waits for the broker to acknowledge its records
 * @param retention how long published records stay in the outbox table before they are deleted
 */
public record OutboxSettings(
    int batchSize, Duration relayInterval, Duration sendTimeout, Duration retention) {}
