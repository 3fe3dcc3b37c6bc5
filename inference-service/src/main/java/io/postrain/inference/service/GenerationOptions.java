package io.postrain.inference.service;

import java.util.List;

/**
 * Options of a generation beyond the sampling parameters that Kafka prompts carry too.
 *
 * @param stop text stop sequences (generation ends once the text holds one; the text ends before
 *     it); may be empty
 * @param topLogprobs -1: no log-probabilities; 0 to 20: each token's log-probability and that many
 *     of the most likely tokens
 */
public record GenerationOptions(List<String> stop, int topLogprobs) {

  /** No stop strings, no log-probabilities. */
  public static final GenerationOptions NONE = new GenerationOptions(List.of(), -1);

  public GenerationOptions {
    stop = List.copyOf(stop);
  }
}
