package io.postrain.curation.service.strategy;

import io.postrain.curate.CorrectionStrategy;
import io.postrain.curation.repository.DatasetKind;
import io.postrain.events.Candidate;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * DPO pairs by correction: the model's answer is rejected, the corrected answer chosen (see {@link
 * CorrectionStrategy}); an answer the correction leaves unchanged is dropped as identical.
 */
public final class CorrectionCurator implements Curator {

  private final CorrectionStrategy correction;

  public CorrectionCurator(CorrectionStrategy correction) {
    this.correction = correction;
  }

  @Override
  public String name() {
    return CorrectionStrategy.NAME;
  }

  @Override
  public DatasetKind kind() {
    return DatasetKind.PREFERENCE;
  }

  @Override
  public Curated curate(List<ChatMessage> prompt, Candidate candidate) {
    String rejected = candidate.text();
    String chosen = correction.correct(rejected);
    if (chosen.equals(rejected)) {
      return new Curated.Dropped(Curated.Reason.IDENTICAL);
    }
    return new Curated.Pair(
        List.of(new ChatMessage("assistant", chosen)),
        List.of(new ChatMessage("assistant", rejected)));
  }
}
