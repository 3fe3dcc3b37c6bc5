package io.postrain.curation.api;

/**
 * The answer to a training request: the published job's id, the rows it trains on, its
 * regularisation dataset and rows (null and 0 when none), and how many rows were re-published for
 * the trainer (those of imported datasets, the regularisation dataset's included).
 */
public record TrainingJobView(
    String jobId,
    String datasetId,
    String method,
    int expectedExamples,
    String regularizationDatasetId,
    int regularizationExamples,
    int republishedRows) {}
