package io.postrain.inference.repository;

/** Where a prompt from the prompts topic stands. */
public enum PromptStatus {
  /** Received; generation not finished (or interrupted by a restart, then redone on redelivery). */
  RECEIVED,
  /** Answered with candidates; the response is stored and was handed to Kafka. */
  ANSWERED,
  /**
   * Answered with an error (e.g. unknown model); the response is stored and was handed to Kafka.
   */
  FAILED
}
