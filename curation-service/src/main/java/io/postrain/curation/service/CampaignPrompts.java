package io.postrain.curation.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curation.api.CampaignRequest;
import io.postrain.curation.api.PromptSpec;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.ApiException;
import java.util.ArrayList;
import java.util.List;

/** Reads a campaign's prompts from the request's {@code prompts} list and JSONL text. */
final class CampaignPrompts {

  private static final String ACCEPTED =
      "expected {\"messages\": [{\"role\": ..., \"content\": ...}]} or {\"user\": ..., \"system\": ...}";

  private CampaignPrompts() {}

  /** The prompts of {@code prompts} followed by those of {@code promptsJsonl}. */
  static List<List<ChatMessage>> fromRequest(CampaignRequest request, int max) {
    List<List<ChatMessage>> out = new ArrayList<>();
    List<PromptSpec> specs = request.prompts() == null ? List.of() : request.prompts();
    for (int i = 0; i < specs.size(); i++) {
      out.add(fromSpec(specs.get(i), "prompts[" + i + "]"));
    }
    out.addAll(fromJsonl(request.promptsJsonl(), "promptsJsonl", max));
    if (out.size() > max) {
      throw ApiException.badRequest(
          "prompts", out.size() + " prompts in one request: accepted are at most " + max);
    }
    return out;
  }

  /** The prompts of JSONL text, one per non-blank line; errors name the line. */
  static List<List<ChatMessage>> fromJsonl(String jsonl, String source, int max) {
    return JsonlLines.map(jsonl, source, max, (lineNo, line) -> fromLine(line));
  }

  private static List<ChatMessage> fromSpec(PromptSpec spec, String field) {
    if (spec == null) {
      throw ApiException.badRequest(field, field + " is null: " + ACCEPTED);
    }
    boolean hasMessages = spec.messages() != null && !spec.messages().isEmpty();
    if (hasMessages && (spec.user() != null || spec.system() != null)) {
      throw ApiException.badRequest(
          field, field + " has both messages and user/system: give one form");
    }
    if (hasMessages) {
      return List.copyOf(spec.messages());
    }
    return userAndSystem(spec.user(), spec.system(), field);
  }

  private static List<ChatMessage> fromLine(JsonNode line) {
    if (line.has("messages")) {
      return Conversations.read(line.get("messages"), "messages", "user");
    }
    if (line.has("prompt")) {
      return Conversations.read(line.get("prompt"), "prompt", "user");
    }
    JsonNode system = line.get("system");
    if (system != null && !system.isNull() && !system.isTextual()) {
      throw ApiException.badRequest("system", "system must be a string");
    }
    JsonNode user = line.get("user");
    if (user != null && !user.isNull() && !user.isTextual()) {
      throw ApiException.badRequest("user", "user must be a string");
    }
    return userAndSystem(
        user == null || user.isNull() ? null : user.asText(),
        system == null || system.isNull() ? null : system.asText(),
        null);
  }

  private static List<ChatMessage> userAndSystem(String user, String system, String field) {
    String at = field == null ? "" : field + ".";
    if (user == null || user.isBlank()) {
      throw ApiException.badRequest(at + "user", at + "user is missing or blank: " + ACCEPTED);
    }
    if (system == null) {
      return List.of(new ChatMessage("user", user));
    }
    return List.of(new ChatMessage("system", system), new ChatMessage("user", user));
  }
}
