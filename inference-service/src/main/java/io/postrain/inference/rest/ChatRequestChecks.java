package io.postrain.inference.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.events.SamplingParams;
import io.postrain.inference.api.ChatCompletionRequest;
import io.postrain.inference.api.ChatMessageBody;
import io.postrain.inference.api.ToolCall;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.inference.service.ChatInput;
import io.postrain.inference.service.GenerationOptions;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.service.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code /v1/chat/completions} request field by field and turns it into what the service
 * generates from; every refusal is a 400 naming the field.
 */
final class ChatRequestChecks {

  /** Fields OpenAI defines that this service refuses, with the reason given to the client. */
  static final Map<String, String> UNSUPPORTED =
      Map.ofEntries(
          Map.entry("functions", "it is deprecated by OpenAI; give tools instead"),
          Map.entry("function_call", "it is deprecated by OpenAI; give tools instead"),
          Map.entry("audio", "this service answers text only"),
          Map.entry("modalities", "this service answers text only; leave it out"),
          Map.entry("prediction", "predicted outputs are not supported"),
          Map.entry("reasoning_effort", "use the extension enable_thinking (true or false)"),
          Map.entry("web_search_options", "there is no web search"),
          Map.entry("store", "completions are not stored"),
          Map.entry("metadata", "completions are not stored, so there is nothing to tag"),
          Map.entry("service_tier", "there is one tier; leave it out"),
          Map.entry("verbosity", "leave it out and ask for brevity in the messages"),
          Map.entry("prompt_cache_key", "there is no prompt cache"),
          Map.entry("safety_identifier", "nothing is recorded per user; leave it out"));

  /** The roles accepted; {@code developer} is OpenAI's newer name for system and is sent as it. */
  static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

  /** The most stop sequences, as OpenAI. */
  static final int MAX_STOP = 4;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private ChatRequestChecks() {}

  /**
   * What to generate.
   *
   * @param input the rendered turns and tools
   * @param sampling the sampling parameters
   * @param options stop strings and log-probabilities
   * @param tools whether tools are in play (answers are parsed for tool calls)
   */
  record Checked(
      ChatInput input, SamplingParams sampling, GenerationOptions options, boolean tools) {}

  static Checked check(ChatCompletionRequest r, InferenceConfig config) {
    RequestChecks.required("model", r.model(), "name, name:version or name:latest");
    if (r.messages() == null || r.messages().isEmpty()) {
      throw ApiException.badRequest(
          "messages", "messages is missing or empty: expected a non-empty list of {role, content}");
    }
    unsupportedValues(r);
    boolean useCompletionTokens = r.maxCompletionTokens() != null;
    SamplingParams sampling =
        RequestChecks.sampling(
            config,
            useCompletionTokens ? "max_completion_tokens" : "max_tokens",
            useCompletionTokens ? r.maxCompletionTokens() : r.maxTokens(),
            r.temperature(),
            r.topP(),
            r.topK(),
            r.seed(),
            r.n());
    if (r.streamOptions() != null && !Boolean.TRUE.equals(r.stream())) {
      throw ApiException.badRequest(
          "stream_options", "stream_options is only allowed with stream: true");
    }
    List<Map<String, Object>> tools = tools(r);
    List<Map<String, Object>> messages = messages(r.messages(), config.limits().maxPromptChars());
    GenerationOptions options = new GenerationOptions(stop(r.stop()), topLogprobs(r));
    return new Checked(new ChatInput(messages, tools), sampling, options, !tools.isEmpty());
  }

  /** Known fields whose other values would change the answer in ways not supported. */
  private static void unsupportedValues(ChatCompletionRequest r) {
    if (r.frequencyPenalty() != null && r.frequencyPenalty() != 0) {
      throw ApiException.badRequest(
          "frequency_penalty", "frequency_penalty is not supported: only 0 (the default)");
    }
    if (r.presencePenalty() != null && r.presencePenalty() != 0) {
      throw ApiException.badRequest(
          "presence_penalty", "presence_penalty is not supported: only 0 (the default)");
    }
    if (r.logitBias() != null && !r.logitBias().isNull() && !r.logitBias().isEmpty()) {
      throw ApiException.badRequest(
          "logit_bias", "logit_bias is not supported: only {} (the default)");
    }
    JsonNode format = r.responseFormat();
    if (format != null && !format.isNull() && !"text".equals(format.path("type").asText(null))) {
      throw ApiException.badRequest(
          "response_format",
          "response_format " + format + " is not supported: only {\"type\": \"text\"}");
    }
    if (Boolean.FALSE.equals(r.parallelToolCalls())) {
      throw ApiException.badRequest(
          "parallel_tool_calls",
          "parallel_tool_calls false is not supported: every call the model writes is answered");
    }
  }

  /** Tool definitions, or empty with {@code tool_choice: none}. */
  private static List<Map<String, Object>> tools(ChatCompletionRequest r) {
    String choice = r.toolChoice() == null ? "auto" : r.toolChoice().asText("");
    if (!choice.equals("auto") && !choice.equals("none")) {
      throw ApiException.badRequest(
          "tool_choice",
          "tool_choice "
              + r.toolChoice()
              + " is not supported: accepted are \"auto\" and \"none\" (a model cannot be made to call)");
    }
    if (r.tools() == null || choice.equals("none")) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < r.tools().size(); i++) {
      JsonNode t = r.tools().get(i);
      String field = "tools[" + i + "]";
      if (t == null || !"function".equals(t.path("type").asText(null))) {
        throw ApiException.badRequest(field + ".type", field + ".type must be \"function\"");
      }
      if (!t.path("function").path("name").isTextual()) {
        throw ApiException.badRequest(
            field + ".function.name", field + ".function.name is missing: expected a string");
      }
      out.add(JSON.convertValue(t, MAP));
    }
    return out;
  }

  /** Turns as template maps, after checking roles and contents; their characters capped. */
  static List<Map<String, Object>> messages(List<ChatMessageBody> messages, int maxChars) {
    List<Map<String, Object>> out = new ArrayList<>();
    long chars = 0;
    for (int i = 0; i < messages.size(); i++) {
      ChatMessageBody m = messages.get(i);
      String field = "messages[" + i + "]";
      if (m == null || m.role() == null || !ROLES.contains(m.role())) {
        throw ApiException.badRequest(
            field + ".role",
            field
                + ".role is "
                + (m == null || m.role() == null ? "missing" : "'" + m.role() + "'")
                + ": accepted are system, developer (taken as system), user, assistant, tool");
      }
      Map<String, Object> turn = new LinkedHashMap<>();
      turn.put("role", m.role().equals("developer") ? "system" : m.role());
      String content = content(field, m);
      chars += content.length();
      turn.put("content", content);
      toolFields(field, m, turn);
      out.add(turn);
    }
    if (chars > maxChars) {
      throw ApiException.badRequest(
          "messages",
          "the messages hold " + chars + " characters: at most " + maxChars + " are accepted");
    }
    return out;
  }

  /** A string, or the text parts joined by newlines; null only on an assistant turn with calls. */
  private static String content(String field, ChatMessageBody m) {
    JsonNode c = m.content();
    boolean calls = m.toolCalls() != null && !m.toolCalls().isEmpty();
    if (c == null || c.isNull()) {
      if (m.role().equals("assistant") && calls) {
        return "";
      }
      throw ApiException.badRequest(
          field + ".content", field + ".content is missing: expected a string or text parts");
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (!c.isArray()) {
      throw ApiException.badRequest(
          field + ".content",
          field + ".content must be a string or a list of {type: text, text}, not " + c);
    }
    List<String> texts = new ArrayList<>();
    for (int j = 0; j < c.size(); j++) {
      JsonNode part = c.get(j);
      String p = field + ".content[" + j + "]";
      if (!"text".equals(part.path("type").asText(null)) || !part.path("text").isTextual()) {
        throw ApiException.badRequest(
            p + ".type",
            p
                + " is "
                + part
                + ": only {type: text, text} parts are accepted (this service reads text only)");
      }
      texts.add(part.get("text").asText());
    }
    return String.join("\n", texts);
  }

  private static void toolFields(String field, ChatMessageBody m, Map<String, Object> turn) {
    if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
      if (!m.role().equals("assistant")) {
        throw ApiException.badRequest(
            field + ".tool_calls", field + ".tool_calls is only allowed on assistant turns");
      }
      List<Map<String, Object>> calls = new ArrayList<>();
      for (int j = 0; j < m.toolCalls().size(); j++) {
        calls.add(toolCall(field + ".tool_calls[" + j + "]", m.toolCalls().get(j)));
      }
      turn.put("tool_calls", calls);
    }
    if (m.role().equals("tool")) {
      if (m.toolCallId() == null || m.toolCallId().isBlank()) {
        throw ApiException.badRequest(
            field + ".tool_call_id",
            field + ".tool_call_id is missing: a tool turn answers the call with this id");
      }
      turn.put("tool_call_id", m.toolCallId());
    } else if (m.toolCallId() != null) {
      throw ApiException.badRequest(
          field + ".tool_call_id", field + ".tool_call_id is only allowed on tool turns");
    }
  }

  private static Map<String, Object> toolCall(String field, ToolCall call) {
    if (call == null || call.function() == null || call.function().name() == null) {
      throw ApiException.badRequest(
          field + ".function.name", field + ".function.name is missing: expected a string");
    }
    String arguments = call.function().arguments() == null ? "{}" : call.function().arguments();
    Object parsed;
    try {
      parsed = JSON.readValue(arguments, MAP);
    } catch (Exception e) {
      throw ApiException.badRequest(
          field + ".function.arguments",
          field + ".function.arguments must be a JSON object as a string, got " + arguments);
    }
    Map<String, Object> function = new LinkedHashMap<>();
    function.put("name", call.function().name());
    function.put("arguments", parsed);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", call.id());
    out.put("type", "function");
    out.put("function", function);
    return out;
  }

  /** Stop sequences: a string or a list of up to 4 non-empty strings. */
  static List<String> stop(JsonNode stop) {
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    if (stop.isArray()) {
      stop.forEach(items::add);
    } else {
      items.add(stop);
    }
    if (items.size() > MAX_STOP) {
      throw ApiException.badRequest(
          "stop", "stop has " + items.size() + " sequences: at most " + MAX_STOP + " are accepted");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : items) {
      if (!s.isTextual() || s.asText().isEmpty()) {
        throw ApiException.badRequest(
            "stop", "stop holds " + s + ": expected a non-empty string or a list of them");
      }
      out.add(s.asText());
    }
    return out;
  }

  /** -1 without logprobs, else top_logprobs (default 0). */
  private static int topLogprobs(ChatCompletionRequest r) {
    boolean on = Boolean.TRUE.equals(r.logprobs());
    if (r.topLogprobs() == null) {
      return on ? 0 : -1;
    }
    if (!on) {
      throw ApiException.badRequest("top_logprobs", "top_logprobs needs logprobs: true");
    }
    int top = r.topLogprobs();
    if (top < 0 || top > GenerationConfig.MAX_TOP_LOGPROBS) {
      throw ApiException.badRequest(
          "top_logprobs",
          "top_logprobs is " + top + ": accepted is 0 to " + GenerationConfig.MAX_TOP_LOGPROBS);
    }
    return top;
  }
}
