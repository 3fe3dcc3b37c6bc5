package io.postrain.curation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.SamplingParams;
import java.time.Instant;

/**
 * A campaign as the API shows it; {@code report} is, for the reward strategies (rejection,
 * best-of-n), the library's curation report over the prompts answered so far: groups kept and
 * dropped per reason (with examples), the per-reward statistics of the candidates and of the rows
 * kept, chosen and rejected, and {@code metrics} in TRL's names ({@code reward}, {@code
 * reward_std}, {@code rewards/<name>/mean}, {@code rewards/<name>/std}); null for the others.
 */
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
    CampaignCounters counters,
    JsonNode report) {}
