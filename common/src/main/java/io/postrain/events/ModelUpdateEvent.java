package io.postrain.events;

import java.time.Instant;
import java.util.Map;

/**
 * A new checkpoint in the model store (topic {@link Topics#MODEL_UPDATES}); the inference service
 * loads it. The weights stay in the store: only their path travels.
 *
 * @param id unique id; consumers drop a redelivered id
 * @param schemaVersion {@link Events#SCHEMA_VERSION}
 * @param timestamp when the checkpoint was written
 *     <p>The names follow {@link Names#RULE}; consumers load {@code path} only when it is their
 *     store's {@code <modelName>/<version>} directory.
 * @param modelName the model's name in the store
 * @param version the new version's name
 * @param path the checkpoint directory ({@code <store>/<modelName>/<version>/}, Hugging Face
 *     layout)
 * @param baseModel the model it was trained from, or null
 * @param jobId the training job that wrote it, or null for a registered checkpoint
 * @param metrics final training metrics by name (e.g. {@code loss}); never null
 */
public record ModelUpdateEvent(
    String id,
    int schemaVersion,
    Instant timestamp,
    String modelName,
    String version,
    String path,
    String baseModel,
    String jobId,
    Map<String, Double> metrics) {

  public ModelUpdateEvent {
    Checks.envelope(id, schemaVersion, timestamp);
    Names.check("modelName", modelName);
    Names.check("version", version);
    Checks.text("path", path);
    if (baseModel != null) {
      ModelReference.parse("baseModel", baseModel);
    }
    if (jobId != null) {
      Names.check("jobId", jobId);
    }
    metrics = Checks.map("metrics", metrics);
  }
}
