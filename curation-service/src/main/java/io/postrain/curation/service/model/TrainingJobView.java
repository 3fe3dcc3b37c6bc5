package io.postrain.curation.service.model;

/**
 * The answer to a training request: the published job's id and how many dataset rows were
 * re-published for the trainer (imported datasets only).
 */
public record TrainingJobView(
    String jobId, String datasetId, String method, int expectedExamples, int republishedRows) {}
