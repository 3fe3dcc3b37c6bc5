package io.postrain.events;

import java.time.Instant;
import java.util.Set;

/**
 * How a training job ended (topic {@link Topics#TRAINING_OUTCOMES}): the trainer announces every
 * job that reaches a final state, so whoever requested it (curation-service) can show it. A
 * succeeded job's model also goes out as a {@link ModelUpdateEvent} on {@link
 * Topics#MODEL_UPDATES}, which stays the inference service's feed of loadable checkpoints only.
 *
 * @param id unique id; consumers drop a redelivered id
 * @param schemaVersion {@link Events#SCHEMA_VERSION}
 * @param timestamp when the job ended
 * @param jobId the training job ({@link TrainingJobEvent#id()})
 * @param datasetId the dataset it trained on
 * @param state {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
 * @param error why it failed or was cancelled; null when it succeeded
 * @param modelName the stored model's name when it succeeded, else null
 * @param version the stored model's version when it succeeded, else null
 */
public record TrainingOutcomeEvent(
    String id,
    int schemaVersion,
    Instant timestamp,
    String jobId,
    String datasetId,
    String state,
    String error,
    String modelName,
    String version) {

  /** Accepted values of {@link #state}. */
  public static final Set<String> STATES = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  public TrainingOutcomeEvent {
    Checks.envelope(id, schemaVersion, timestamp);
    Checks.text("jobId", jobId);
    Checks.text("datasetId", datasetId);
    Checks.oneOf("state", state, STATES);
    if (state.equals("SUCCEEDED")) {
      Checks.text("modelName", modelName);
      Checks.text("version", version);
    } else {
      Checks.text("error", error);
    }
  }
}
