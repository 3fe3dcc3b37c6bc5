package io.postrain.curation.api;

import java.time.Instant;

/**
 * A training job curation requested and what became of it.
 *
 * @param jobId the trainer's job id
 * @param method sft or dpo
 * @param outputModel the model name the result is stored under
 * @param state {@code REQUESTED} until the trainer announces the outcome, then {@code SUCCEEDED},
 *     {@code FAILED} or {@code CANCELLED}
 * @param error why it failed or was cancelled (the trainer's reason), else null
 * @param modelVersion the stored model's version once SUCCEEDED, else null
 * @param requestedAt when curation queued the job
 * @param finishedAt when the trainer ended it, or null
 */
public record TrainingJobStatus(
    String jobId,
    String method,
    String outputModel,
    String state,
    String error,
    String modelVersion,
    Instant requestedAt,
    Instant finishedAt) {}
