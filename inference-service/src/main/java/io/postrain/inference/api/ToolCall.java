package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A function call of an assistant turn, in a request's history or in an answer.
 *
 * @param index in a streamed delta only: the call's position among the turn's calls
 * @param id {@code call_...}; answered back in the {@code tool} turn's {@code tool_call_id}
 * @param type always {@code function}
 * @param function the function's name and its arguments as a JSON text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(Integer index, String id, String type, Function function) {

  /**
   * @param name the function's name
   * @param arguments the arguments, a JSON object as text
   */
  public record Function(String name, String arguments) {}
}
