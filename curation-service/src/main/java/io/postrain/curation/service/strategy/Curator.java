package io.postrain.curation.service.strategy;

import io.postrain.events.Candidate;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/** A curation strategy that turns each sampled candidate of a prompt into a dataset row, or not. */
public interface Curator extends Strategy {

  /**
   * Curates one candidate.
   *
   * @param prompt the prompt's messages
   * @param candidate one sampled answer
   * @return a pair or example of {@link #kind()}, or why none
   */
  Curated curate(List<ChatMessage> prompt, Candidate candidate);
}
