package io.postrain.lm.generate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a generated sequence ended; JSON names as in OpenAI-style APIs. */
public enum FinishReason {
  /** A stop token was generated (it is the last token of the sequence). */
  STOP("stop"),
  /** maxNewTokens were generated without a stop token. */
  LENGTH("length");

  private final String jsonName;

  FinishReason(String jsonName) {
    this.jsonName = jsonName;
  }

  /** "stop" or "length". */
  @JsonValue
  public String jsonName() {
    return jsonName;
  }

  /** Parses "stop" or "length". */
  @JsonCreator
  public static FinishReason fromJson(String name) {
    for (FinishReason r : values()) {
      if (r.jsonName.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown finish reason '" + name + "': accepted are stop, length");
  }
}
