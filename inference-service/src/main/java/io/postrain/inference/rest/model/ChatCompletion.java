package io.postrain.inference.rest.model;

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

  /** One answer: its index, the assistant message and why it ended (stop or length). */
  public record Choice(
      int index, MessageBody message, @JsonProperty("finish_reason") String finishReason) {}

  /** Token counts as OpenAI reports them. */
  public record Usage(
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens) {}
}
