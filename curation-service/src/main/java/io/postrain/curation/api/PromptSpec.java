package io.postrain.curation.api;

import io.postrain.lm.template.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * One prompt of a campaign request: either a whole conversation in {@code messages}, or a {@code
 * user} turn with an optional {@code system} turn; {@code fields} are the prompt's own values that
 * rewards read (e.g. {@code {"answer": "5"}} for an {@code exact} reward on {@code answer}).
 */
public record PromptSpec(
    List<ChatMessage> messages, String system, String user, Map<String, String> fields) {}
