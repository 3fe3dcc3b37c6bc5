package io.postrain.curation.api;

import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;

/** One prompt of a campaign and what happened to it, with the ids of the rows it produced. */
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
    String error,
    Instant sentAt,
    Instant answeredAt,
    List<String> rowIds) {}
