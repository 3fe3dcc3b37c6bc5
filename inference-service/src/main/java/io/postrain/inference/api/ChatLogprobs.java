package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A choice's {@code logprobs}: per generated token its log-probability and the most likely tokens
 * at its position.
 *
 * @param content one per token
 * @param refusal always null (no refusals)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatLogprobs(List<Token> content, List<Token> refusal) {

  /**
   * @param token the token's text (U+FFFD when the token holds part of a UTF-8 character)
   * @param logprob its log-probability
   * @param bytes the UTF-8 bytes of token
   * @param topLogprobs the most likely tokens, most likely first; absent inside top_logprobs
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Token(
      String token,
      double logprob,
      int[] bytes,
      @JsonProperty("top_logprobs") List<Token> topLogprobs) {}
}
