package io.postrain.curation.service.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A dataset as the API shows it; {@code sample} holds its first rows in the export format (empty in
 * listings).
 */
public record DatasetView(
    String id,
    String name,
    String kind,
    String origin,
    long size,
    String sourceCampaignId,
    Instant createdAt,
    List<JsonNode> sample) {}
