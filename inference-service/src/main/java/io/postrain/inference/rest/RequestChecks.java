package io.postrain.inference.rest;

import io.postrain.events.SamplingParams;
import io.postrain.inference.api.MessageBody;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks of request fields, each failure a 400 naming the field as the client spelled it. */
final class RequestChecks {

  /** The roles of /v1/generate's messages. */
  static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  private RequestChecks() {}

  /** Refuses messages of more than max characters in all, before they are tokenised. */
  /**
   * Refuses a body over {@code max} bytes with 413 (a body with a {@code Content-Length} over it is
   * refused before it is read, by {@link BodyLimit}; this counts a chunked one).
   */
  static void bodySize(byte[] body, int max) {
    if (body != null && body.length > max) {
      throw ApiException.tooLarge(tooLarge(body.length, max));
    }
  }

  /** The 413 message, the same whether the body was counted or its Content-Length read. */
  static String tooLarge(long length, long max) {
    return "the request body has " + length + " bytes: at most " + max + " are accepted";
  }

  static void promptChars(List<ChatMessage> messages, int max) {
    long chars = 0;
    for (ChatMessage m : messages) {
      chars += m.content().length();
    }
    if (chars > max) {
      throw ApiException.badRequest(
          "messages",
          "the messages hold " + chars + " characters: at most " + max + " are accepted");
    }
  }

  /** The conversation: {@code messages}, or else {@code system} + {@code user}. */
  static List<ChatMessage> messages(List<MessageBody> messages, String system, String user) {
    if (messages != null && user != null) {
      throw ApiException.badRequest(
          "messages", "give either messages or user (with an optional system), not both");
    }
    if (messages == null) {
      if (user == null) {
        throw ApiException.badRequest(
            "messages",
            "messages is missing: expected a non-empty list of {role, content}, or user");
      }
      List<ChatMessage> out = new ArrayList<>();
      if (system != null) {
        out.add(ChatMessage.system(system));
      }
      out.add(ChatMessage.user(user));
      return out;
    }
    if (messages.isEmpty()) {
      throw ApiException.badRequest(
          "messages", "messages is empty: expected at least one {role, content}");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      MessageBody m = messages.get(i);
      String field = "messages[" + i + "]";
      if (m == null || m.role() == null || m.role().isBlank()) {
        throw ApiException.badRequest(
            field + ".role", field + ".role is missing: expected system, user or assistant");
      }
      if (!ROLES.contains(m.role())) {
        throw ApiException.badRequest(
            field + ".role",
            field + ".role is '" + m.role() + "': accepted are system, user, assistant, tool");
      }
      if (m.content() == null) {
        throw ApiException.badRequest(
            field + ".content", field + ".content is missing: expected a string");
      }
      out.add(new ChatMessage(m.role(), m.content()));
    }
    return out;
  }

  /** Sampling parameters with OpenAI's names and defaults (temperature 1, top_p 1, n 1). */
  static SamplingParams sampling(
      InferenceConfig config,
      String maxTokensField,
      Integer maxTokens,
      Double temperature,
      Double topP,
      Integer topK,
      Long seed,
      Integer n) {
    int max = maxTokens == null ? config.limits().defaultMaxNewTokens() : maxTokens;
    if (max < 1) {
      throw ApiException.badRequest(
          maxTokensField, maxTokensField + " is " + max + ": accepted is an integer >= 1");
    }
    double t = temperature == null ? 1.0 : temperature;
    if (!(t >= 0 && t <= 100)) {
      throw ApiException.badRequest(
          "temperature", "temperature is " + t + ": accepted is 0 (greedy) to 100");
    }
    double p = topP == null ? 1.0 : topP;
    if (!(p > 0 && p <= 1)) {
      throw ApiException.badRequest("top_p", "top_p is " + p + ": accepted is 0 < top_p <= 1");
    }
    int k = topK == null ? 0 : topK;
    if (k < 0) {
      throw ApiException.badRequest(
          "top_k", "top_k is " + k + ": accepted is 0 (disabled) or more");
    }
    int count = n == null ? 1 : n;
    if (count < 1 || count > config.limits().maxN()) {
      throw ApiException.badRequest(
          "n", "n is " + count + ": accepted is 1 to " + config.limits().maxN());
    }
    return new SamplingParams(max, t, p, k, seed, count);
  }

  /** A required field. */
  static String required(String field, String value, String expected) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, field + " is missing: expected " + expected);
    }
    return value;
  }
}
