package io.postrain.curation.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code POST /datasets/{id}/filter}: the new dataset and the filter report (totals
 * and one section per filter, as {@code postrain curate --strategy filter --report}).
 */
public record FilteredDatasetView(DatasetView dataset, JsonNode report) {}
