package io.postrain.curation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.SamplingParams;
import java.time.Instant;

/** A campaign as the API shows it. */
public record CampaignView(
    String id,
    String name,
    String model,
    String status,
    String datasetId,
    StrategySpec strategy,
    SamplingParams sampling,
    Integer targetSize,
    JsonNode trainingJob,
    String trainingJobId,
    TrainingJobStatus trainingJobStatus,
    String note,
    Instant createdAt,
    Instant completedAt,
    CampaignCounters counters) {}
