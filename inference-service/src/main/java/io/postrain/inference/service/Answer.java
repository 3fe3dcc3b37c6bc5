package io.postrain.inference.service;

import io.postrain.lm.generate.Completion;
import java.util.List;

/**
 * A finished generation.
 *
 * @param id a fresh id for the answer
 * @param modelName the model that answered
 * @param modelVersion the version that answered
 * @param completions the n completions, candidate i at index i
 */
public record Answer(
    String id, String modelName, String modelVersion, List<Completion> completions) {

  public Answer {
    completions = List.copyOf(completions);
  }
}
