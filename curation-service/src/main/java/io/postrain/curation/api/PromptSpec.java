package io.postrain.curation.api;

import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * One prompt of a campaign request: either a whole conversation in {@code messages}, or a {@code
 * user} turn with an optional {@code system} turn.
 */
public record PromptSpec(List<ChatMessage> messages, String system, String user) {}
