package io.postrain.curation.service.strategy;

import io.postrain.curation.repository.DatasetKind;

/**
 * A campaign's curation strategy: a {@link Curator} curates each candidate of a response on its own
 * (correction, distillation); a {@link GroupCurator} curates a response's candidates as one group
 * (rejection, best-of-n).
 */
public interface Strategy {

  /** The strategy's name, stored on each row. */
  String name();

  /** The kind of dataset this strategy fills. */
  DatasetKind kind();
}
