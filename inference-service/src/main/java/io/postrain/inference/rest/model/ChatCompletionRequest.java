package io.postrain.inference.rest.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An OpenAI {@code POST /v1/chat/completions} body; fields this service does not use are ignored.
 *
 * @param model {@code name}, {@code name:version} or {@code name:latest}
 * @param messages the conversation
 * @param maxTokens most tokens per choice (legacy name)
 * @param maxCompletionTokens most tokens per choice; wins over max_tokens
 * @param n choices, default 1
 * @param seed sampling seed
 * @param temperature 0 to 100, default 1
 * @param topP in (0, 1], default 1
 * @param topK extension: 0 (disabled) or more
 * @param stream answer as server-sent chat.completion.chunk events
 * @param enableThinking extension: the chat template's thinking switch
 */
public record ChatCompletionRequest(
    String model,
    List<MessageBody> messages,
    @JsonProperty("max_tokens") Integer maxTokens,
    @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
    Integer n,
    Long seed,
    Double temperature,
    @JsonProperty("top_p") Double topP,
    @JsonProperty("top_k") Integer topK,
    Boolean stream,
    @JsonProperty("enable_thinking") Boolean enableThinking) {}
