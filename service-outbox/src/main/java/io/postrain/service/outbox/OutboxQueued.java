package io.postrain.service.outbox;

/**
 * A CDI event fired after a transaction that queued outbox records committed, so that the messaging
 * layer publishes them now rather than on its next timer round.
 */
public record OutboxQueued() {}
