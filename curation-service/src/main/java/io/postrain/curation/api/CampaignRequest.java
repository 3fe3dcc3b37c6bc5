package io.postrain.curation.api;

import io.postrain.events.SamplingParams;
import java.util.List;

/**
 * {@code POST /campaigns}: a name, the model to ask, prompts (as {@code prompts} and/or JSONL text
 * in {@code promptsJsonl}, or uploaded later), sampling, the curation strategy, an optional target
 * size (rows after which the campaign completes) and an optional training job launched on
 * completion.
 */
public record CampaignRequest(
    String name,
    String model,
    List<PromptSpec> prompts,
    String promptsJsonl,
    SamplingParams sampling,
    StrategySpec strategy,
    Integer targetSize,
    TrainingJobSpec trainingJob) {}
