package io.postrain.trainer.api;

/**
 * How many rows of a dataset the trainer holds.
 *
 * @param datasetId the dataset
 * @param preferencePairs rows from {@code preference-pairs} (DPO)
 * @param sftExamples rows from {@code sft-examples} (SFT)
 */
public record DatasetView(String datasetId, long preferencePairs, long sftExamples) {}
