package io.postrain.curation.api;

/**
 * What a campaign has done so far.
 *
 * @param promptsSent prompts published
 * @param responsesReceived prompts answered (successfully, with an error, or too late)
 * @param pairsCreated dataset rows curated (pairs or SFT examples)
 * @param pairsDroppedIdentical candidates dropped because the row would teach nothing
 * @param droppedTruncated candidates dropped because generation hit the token limit
 * @param errors responses that carried an error instead of candidates
 * @param ignored responses that arrived after the campaign completed
 */
public record CampaignCounters(
    long promptsSent,
    long responsesReceived,
    long pairsCreated,
    long pairsDroppedIdentical,
    long droppedTruncated,
    long errors,
    long ignored) {}
