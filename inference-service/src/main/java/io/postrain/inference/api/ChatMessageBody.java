package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One turn of a {@code /v1/chat/completions} request.
 *
 * @param role system, developer (taken as system), user, assistant or tool
 * @param content a string or a list of {@code {type: text, text}} parts; may be null on an
 *     assistant turn with tool_calls
 * @param toolCalls an assistant turn's function calls
 * @param toolCallId a tool turn's answer to this call id
 */
public record ChatMessageBody(
    String role,
    JsonNode content,
    @JsonProperty("tool_calls") List<ToolCall> toolCalls,
    @JsonProperty("tool_call_id") String toolCallId) {}
