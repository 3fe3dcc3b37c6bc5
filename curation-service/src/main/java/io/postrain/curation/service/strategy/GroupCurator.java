package io.postrain.curation.service.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curate.Decision;
import io.postrain.events.Candidate;
import io.postrain.lm.template.ChatMessage;
import java.util.List;
import java.util.Set;

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
   * @param row the prompt's own fields (the row rewards such as {@code exact} read), an object
   * @param candidates the response's candidates, in its order
   * @return the library's decision; its indices are positions in {@code candidates}
   */
  Decision curate(List<ChatMessage> prompt, JsonNode row, List<Candidate> candidates);

  /** The prompt fields the rewards read (an {@code exact} reward's {@code field}). */
  Set<String> requiredFields();
}
