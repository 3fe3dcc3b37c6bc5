package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of {@code POST /v1/generate}.
 *
 * @param id a fresh id
 * @param model the model name
 * @param modelVersion the version that answered
 * @param candidates the n completions
 */
public record GenerateResponse(
    String id,
    String model,
    @JsonProperty("model_version") String modelVersion,
    List<CandidateBody> candidates) {

  /**
   * One completion.
   *
   * @param index candidate index from 0
   * @param text the generated text without special tokens
   * @param tokenIds the generated token ids, the stop token included
   * @param finishReason stop or length
   * @param promptTokens tokens in the rendered prompt
   * @param completionTokens tokens generated
   */
  public record CandidateBody(
      int index,
      String text,
      @JsonProperty("token_ids") long[] tokenIds,
      @JsonProperty("finish_reason") String finishReason,
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens) {}
}
