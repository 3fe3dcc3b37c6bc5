package io.postrain.curation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;

/**
 * One prompt of a campaign and what happened to it, with the ids of the rows it produced. For the
 * reward strategies: {@code scores} (each candidate's {@code index}, {@code total} and {@code each}
 * reward's score, in the reward config's order), {@code dropKey} (why the group made no row, e.g.
 * {@code underMargin}; {@code dropReason} holds the numbers), {@code keptCandidate} (the candidate
 * kept or chosen) and {@code rejectedCandidate} (best-of-n).
 */
public record PromptView(
    String id,
    int seq,
    String status,
    List<ChatMessage> messages,
    String responseId,
    String modelVersion,
    int candidates,
    int rowsCreated,
    int droppedIdentical,
    int droppedTruncated,
    String dropReason,
    String dropKey,
    JsonNode scores,
    Integer keptCandidate,
    Integer rejectedCandidate,
    String error,
    Instant sentAt,
    Instant answeredAt,
    List<String> rowIds) {}
