package io.postrain.curation.service.strategy;

import io.postrain.lm.template.ChatMessage;
import java.util.List;

/** What a curator made of one candidate: a preference pair, an SFT example, or nothing. */
public sealed interface Curated permits Curated.Pair, Curated.Example, Curated.Dropped {

  /** A DPO row's answer sides. */
  record Pair(List<ChatMessage> chosen, List<ChatMessage> rejected) implements Curated {}

  /** An SFT row's completion. */
  record Example(List<ChatMessage> completion) implements Curated {}

  /** No row, and why. */
  record Dropped(Reason reason) implements Curated {}

  /** Why a candidate made no row. */
  enum Reason {
    /** The curated row would teach nothing: chosen equals rejected. */
    IDENTICAL("chosen equals rejected"),
    /** Generation stopped at the token limit, so the answer is cut off. */
    TRUNCATED("answer cut off at the token limit");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** A short human-readable description, stored as the prompt's drop reason. */
    public String description() {
      return description;
    }
  }
}
