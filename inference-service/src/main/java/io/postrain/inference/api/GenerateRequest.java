package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A {@code POST /v1/generate} body.
 *
 * @param model {@code name}, {@code name:version} or {@code name:latest}
 * @param messages the conversation; or leave it out and give {@code user} (+ {@code system})
 * @param user a single user turn
 * @param system an optional system turn before {@code user}
 * @param maxNewTokens most tokens per candidate (default {@code limits.default-max-new-tokens})
 * @param temperature 0 (greedy) to 100, default 1
 * @param topP in (0, 1], default 1
 * @param topK 0 (disabled) or more, default 0
 * @param seed sampling seed; random when left out
 * @param n candidates, default 1
 * @param enableThinking passed to the chat template (Qwen3's thinking switch), default false
 */
public record GenerateRequest(
    String model,
    List<MessageBody> messages,
    String user,
    String system,
    @JsonProperty("max_new_tokens") Integer maxNewTokens,
    Double temperature,
    @JsonProperty("top_p") Double topP,
    @JsonProperty("top_k") Integer topK,
    Long seed,
    Integer n,
    @JsonProperty("enable_thinking") Boolean enableThinking) {}
