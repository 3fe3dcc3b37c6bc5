package io.postrain.curation.service.strategy;

import io.postrain.curate.Decision;
import io.postrain.events.Candidate;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * A curation strategy that curates the n candidates of one response as a group, scored by a reward
 * config: at most one row per response.
 */
public interface GroupCurator extends Strategy {

  /** The names of the rewards, in the order of each candidate's scores. */
  List<String> rewardNames();

  /**
   * Curates a response's candidates.
   *
   * @param prompt the prompt's messages
   * @param candidates the response's candidates, in its order
   * @return the library's decision; its indices are positions in {@code candidates}
   */
  Decision curate(List<ChatMessage> prompt, List<Candidate> candidates);
}
