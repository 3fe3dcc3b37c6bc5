package io.postrain.curation.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curation.api.CampaignRequest;
import io.postrain.curation.api.PromptSpec;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a campaign's prompts from the request's {@code prompts} list and JSONL text. */
final class CampaignPrompts {

  /**
   * One prompt: its messages and its own fields, the row rewards such as {@code exact} read.
   *
   * @param fields an object, empty when the prompt has none
   */
  record Prompt(List<ChatMessage> messages, ObjectNode fields) {}

  /** The keys of a JSONL prompt row that make the prompt; its other keys are its fields. */
  private static final Set<String> PROMPT_KEYS = Set.of("messages", "prompt", "user", "system");

  private static final String ACCEPTED =
      "expected {\"messages\": [{\"role\": ..., \"content\": ...}]} or {\"user\": ..., \"system\": ...}";

  private CampaignPrompts() {}

  /** The prompts of {@code prompts} followed by those of {@code promptsJsonl}. */
  static List<Prompt> fromRequest(CampaignRequest request, int max) {
    List<Prompt> out = new ArrayList<>();
    List<PromptSpec> specs = request.prompts() == null ? List.of() : request.prompts();
    for (int i = 0; i < specs.size(); i++) {
      String field = "prompts[" + i + "]";
      out.add(new Prompt(fromSpec(specs.get(i), field), fields(specs.get(i).fields())));
    }
    out.addAll(fromJsonl(request.promptsJsonl(), "promptsJsonl", max));
    if (out.size() > max) {
      throw ApiException.badRequest(
          "prompts", out.size() + " prompts in one request: accepted are at most " + max);
    }
    return out;
  }

  /**
   * The prompts of JSONL text, one per non-blank line (TRL's prompt-only rows; the row's other
   * columns, e.g. {@code answer}, are the prompt's fields); errors name the line.
   */
  static List<Prompt> fromJsonl(String jsonl, String source, int max) {
    return JsonlLines.map(
        jsonl, source, max, (lineNo, line) -> new Prompt(fromLine(line), otherColumns(line)));
  }

  private static ObjectNode fields(Map<String, String> given) {
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    if (given != null) {
      given.forEach(fields::put);
    }
    return fields;
  }

  private static ObjectNode otherColumns(JsonNode line) {
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    line.fields()
        .forEachRemaining(
            e -> {
              if (!PROMPT_KEYS.contains(e.getKey())) {
                fields.set(e.getKey(), e.getValue());
              }
            });
    return fields;
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
