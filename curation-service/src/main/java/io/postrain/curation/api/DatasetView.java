package io.postrain.curation.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A dataset as the API shows it; {@code sample} holds its first rows in the export format (empty in
 * listings), and the training jobs requested on it with their outcomes, newest first.
 */
public record DatasetView(
    String id,
    String name,
    String kind,
    String origin,
    long size,
    String sourceCampaignId,
    Instant createdAt,
    List<JsonNode> sample,
    List<TrainingJobStatus> trainingJobs) {}
