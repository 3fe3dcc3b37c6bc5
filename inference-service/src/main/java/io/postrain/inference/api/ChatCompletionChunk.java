package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An OpenAI {@code chat.completion.chunk} object, one server-sent event of a streamed answer.
 *
 * @param id the same for every chunk of an answer
 * @param object always {@code chat.completion.chunk}
 * @param created Unix seconds
 * @param model {@code name:version} that answers
 * @param choices the choice this chunk extends; empty in the final usage chunk
 * @param usage only in the final chunk, when stream_options.include_usage asked for it
 */
public record ChatCompletionChunk(
    String id,
    String object,
    long created,
    String model,
    List<ChunkChoice> choices,
    @JsonInclude(JsonInclude.Include.NON_NULL) ChatCompletion.Usage usage) {

  /**
   * A piece of one choice: new text or tool calls in {@code delta}; the log-probabilities (when
   * asked for) and the finish reason in its last chunk.
   */
  public record ChunkChoice(
      int index,
      Delta delta,
      @JsonInclude(JsonInclude.Include.NON_NULL) ChatLogprobs logprobs,
      @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS)
          String finishReason) {}

  /** The role (first chunk only), the new content and, at the end, the tool calls. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(
      String role, String content, @JsonProperty("tool_calls") List<ToolCall> toolCalls) {}
}
