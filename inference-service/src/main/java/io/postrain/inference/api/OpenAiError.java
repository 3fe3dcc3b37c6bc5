package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of the OpenAI endpoints ({@code /v1/chat/completions}, {@code /v1/models}), in
 * OpenAI's shape so that its clients raise their typed errors.
 *
 * @param error what went wrong
 */
public record OpenAiError(Detail error) {

  /**
   * @param message what was wrong and what is accepted
   * @param type {@code invalid_request_error} for 4xx, {@code server_error} for 5xx
   * @param param the offending field as a JSON path, or null
   * @param code a machine-readable code (e.g. {@code model_not_found}), or null
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Detail(String message, String type, String param, String code) {}
}
