package io.postrain.curation.repository;

/**
 * Sums over a campaign's prompts.
 *
 * @param prompts prompts sent
 * @param answered prompts with a response
 * @param droppedIdentical candidates dropped as identical
 * @param droppedTruncated candidates dropped as truncated
 * @param failed responses with an error
 * @param ignored responses after completion
 */
public record PromptTotals(
    long prompts,
    long answered,
    long droppedIdentical,
    long droppedTruncated,
    long failed,
    long ignored) {}
