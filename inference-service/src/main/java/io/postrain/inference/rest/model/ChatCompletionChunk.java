package io.postrain.inference.rest.model;

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
 * @param choices the choice this chunk extends
 */
public record ChatCompletionChunk(
    String id, String object, long created, String model, List<ChunkChoice> choices) {

  /** A piece of one choice: new text in {@code delta}, and the finish reason in its last chunk. */
  public record ChunkChoice(
      int index,
      Delta delta,
      @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS)
          String finishReason) {}

  /** The role (first chunk only) and the new content. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(String role, String content) {}
}
