package io.postrain.curation.service.strategy;

import io.postrain.curation.repository.DatasetKind;
import io.postrain.events.Candidate;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/** A curation strategy: turns each sampled candidate of a prompt into a dataset row, or not. */
public interface Curator {

  /** The strategy's name, stored on each row. */
  String name();

  /** The kind of dataset this strategy fills. */
  DatasetKind kind();

  /**
   * Curates one candidate.
   *
   * @param prompt the prompt's messages
   * @param candidate one sampled answer
   * @return a pair or example of {@link #kind()}, or why none
   */
  Curated curate(List<ChatMessage> prompt, Candidate candidate);
}
