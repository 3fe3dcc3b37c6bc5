package io.postrain.curation.service;

import io.postrain.curation.api.TrainingJobSpec;
import io.postrain.events.InvalidEventException;
import io.postrain.events.ModelReference;
import io.postrain.events.Names;
import io.postrain.events.TrainingJobEvent;
import io.postrain.service.ApiException;

/**
 * The names of a training job request that become paths in the trainer's store, checked by the rule
 * of the {@link TrainingJobEvent} the request turns into, so that what curation accepts the trainer
 * accepts too.
 */
final class TrainingJobNames {

  private TrainingJobNames() {}

  /**
   * Checks the base model and a DPO config's {@code refModelPath} ({@link ModelReference#FORMS}),
   * the output model and the regularisation dataset id ({@link Names#RULE}).
   *
   * @param prefix the spec's path in the request body, e.g. {@code trainingJob.}, or empty
   * @throws ApiException 400 naming the field with its prefix
   */
  static void check(TrainingJobSpec spec, String baseModel, String prefix) {
    prefixed(prefix, () -> ModelReference.parse("baseModel", baseModel));
    prefixed(prefix, () -> Names.check("outputModel", spec.outputModel()));
    String regularization = spec.regularizationDatasetId();
    if (regularization != null && !regularization.isBlank()) {
      prefixed(prefix, () -> Names.check("regularizationDatasetId", regularization));
    }
    if (spec.config() != null && spec.config().isObject()) {
      prefixed(prefix, () -> TrainingJobEvent.checkReferenceModel(spec.config()));
    }
  }

  private static void prefixed(String prefix, Runnable check) {
    try {
      check.run();
    } catch (InvalidEventException e) {
      throw ApiException.badRequest(prefix + e.field(), prefix + e.getMessage());
    }
  }
}
