package io.postrain.curation.service.strategy;

import io.postrain.curation.repository.DatasetKind;
import io.postrain.events.Candidate;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * SFT examples by distillation: a (usually larger) model's answers become completions to learn.
 * With {@code dropTruncated} (the default) answers cut off at the token limit are dropped.
 */
public final class DistillationCurator implements Curator {

  /** The strategy's name in campaign specs and dataset rows. */
  public static final String NAME = "distillation";

  private final boolean dropTruncated;

  public DistillationCurator(boolean dropTruncated) {
    this.dropTruncated = dropTruncated;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DatasetKind kind() {
    return DatasetKind.SFT;
  }

  @Override
  public Curated curate(List<ChatMessage> prompt, Candidate candidate) {
    if (dropTruncated && "length".equals(candidate.finishReason())) {
      return new Curated.Dropped(Curated.Reason.TRUNCATED);
    }
    return new Curated.Example(List.of(new ChatMessage("assistant", candidate.text())));
  }
}
