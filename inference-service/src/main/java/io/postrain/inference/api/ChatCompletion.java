package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An OpenAI {@code chat.completion} object.
 *
 * @param id {@code chatcmpl-...}
 * @param object always {@code chat.completion}
 * @param created Unix seconds
 * @param model {@code name:version} that answered
 * @param choices one per candidate
 * @param usage token counts (completion tokens summed over the choices)
 */
public record ChatCompletion(
    String id, String object, long created, String model, List<Choice> choices, Usage usage) {

  /**
   * One answer.
   *
   * @param index its index
   * @param message the assistant turn
   * @param logprobs when asked for, else null
   * @param finishReason stop, length or tool_calls
   */
  public record Choice(
      int index,
      AssistantMessage message,
      @JsonInclude(JsonInclude.Include.ALWAYS) ChatLogprobs logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  /**
   * The answer's turn.
   *
   * @param role always assistant
   * @param content the text; null when the answer is only tool calls
   * @param toolCalls the function calls parsed from the answer, absent when none
   */
  public record AssistantMessage(
      String role,
      @JsonInclude(JsonInclude.Include.ALWAYS) String content,
      @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_EMPTY)
          List<ToolCall> toolCalls) {}

  /** Token counts as OpenAI reports them. */
  public record Usage(
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens) {}
}
