package io.postrain.scenario;

import java.util.List;

/**
 * Answers user messages, in batches: the engine in-process, or the inference service over HTTP.
 * Each message is a single-turn chat (the implementation applies the chat template).
 */
@FunctionalInterface
public interface Answerer {

  /**
   * Answers a batch.
   *
   * @param userMessages the user messages
   * @return one answer per message, in the same order, never null
   */
  List<String> answer(List<String> userMessages);
}
