package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An OpenAI {@code POST /v1/chat/completions} body. A field not listed here is refused by name (see
 * {@code ChatRequestChecks} for those OpenAI defines but this service does not support).
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
 * @param streamOptions {@code {include_usage}} for a stream
 * @param stop a string or up to 4 strings that end the answer (not included in it)
 * @param logprobs whether to answer each token's log-probability
 * @param topLogprobs 0 to 20 most likely tokens per position; needs logprobs
 * @param tools {@code {type: function, function: {name, description, parameters}}} definitions
 * @param toolChoice {@code auto} (default) or {@code none}
 * @param parallelToolCalls only true (the default) is supported
 * @param responseFormat only {@code {type: text}} is supported
 * @param frequencyPenalty only 0 is supported
 * @param presencePenalty only 0 is supported
 * @param logitBias only an empty object is supported
 * @param user an end-user id; recorded nowhere, accepted for compatibility
 * @param enableThinking extension: the chat template's thinking switch
 */
public record ChatCompletionRequest(
    String model,
    List<ChatMessageBody> messages,
    @JsonProperty("max_tokens") Integer maxTokens,
    @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
    Integer n,
    Long seed,
    Double temperature,
    @JsonProperty("top_p") Double topP,
    @JsonProperty("top_k") Integer topK,
    Boolean stream,
    @JsonProperty("stream_options") StreamOptions streamOptions,
    JsonNode stop,
    Boolean logprobs,
    @JsonProperty("top_logprobs") Integer topLogprobs,
    List<JsonNode> tools,
    @JsonProperty("tool_choice") JsonNode toolChoice,
    @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
    @JsonProperty("response_format") JsonNode responseFormat,
    @JsonProperty("frequency_penalty") Double frequencyPenalty,
    @JsonProperty("presence_penalty") Double presencePenalty,
    @JsonProperty("logit_bias") JsonNode logitBias,
    String user,
    @JsonProperty("enable_thinking") Boolean enableThinking) {

  /**
   * @param includeUsage end the stream with a chunk holding the usage (and no choices)
   */
  public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {}
}
