package io.postrain.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.cli.ModelDirectory;
import io.postrain.lm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain template}: the prompt text a model's chat template renders for a conversation,
 * printed as is (no newline added). The messages file holds a JSON array of messages, or an object
 * {@code {"messages": [...], "tools": [...]}}; messages are passed to the template as maps, so
 * fields such as {@code tool_calls} or {@code reasoning_content} reach it unchanged.
 */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = "Print the prompt a model's chat template renders for a conversation.")
public final class TemplateCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> MAPS = new TypeReference<>() {};

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Checkpoint directory (HF layout).")
  Path model;

  @Option(
      names = "--messages",
      required = true,
      description = "JSON file: [messages...] or {\"messages\": [...], \"tools\": [...]}.")
  Path messages;

  @Option(
      names = "--add-generation-prompt",
      description = "End with the opening of an assistant turn.")
  boolean addGenerationPrompt;

  @Option(
      names = "--enable-thinking",
      arity = "1",
      paramLabel = "true|false",
      description = "Set the template variable enable_thinking (default: undefined).")
  Boolean enableThinking;

  @Override
  public Integer call() throws IOException {
    JsonNode root = readJson(messages);
    List<Map<String, Object>> turns;
    List<Map<String, Object>> tools = null;
    if (root.isArray()) {
      turns = maps(root, "the messages array");
    } else if (root.isObject() && root.path("messages").isArray()) {
      turns = maps(root.get("messages"), "\"messages\"");
      JsonNode t = root.get("tools");
      if (t != null && !t.isNull()) {
        if (!t.isArray()) {
          throw new IllegalArgumentException(
              "--messages " + messages + ": \"tools\" must be an array of tool definitions");
        }
        tools = maps(t, "\"tools\"");
      }
    } else {
      throw new IllegalArgumentException(
          "--messages "
              + messages
              + ": expected a JSON array of messages or an object with a \"messages\" array");
    }
    Map<String, Object> extra = new HashMap<>();
    if (enableThinking != null) {
      extra.put("enable_thinking", enableThinking);
    }
    try (Tokenizer tokenizer = ModelDirectory.tokenizer(model)) {
      String prompt = tokenizer.chatTemplate().render(turns, tools, addGenerationPrompt, extra);
      spec.commandLine().getOut().print(prompt);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private static JsonNode readJson(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--messages " + file + ": no such file");
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "--messages " + file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private List<Map<String, Object>> maps(JsonNode array, String what) {
    for (JsonNode item : array) {
      if (!item.isObject()) {
        throw new IllegalArgumentException(
            "--messages " + messages + ": every entry of " + what + " must be a JSON object");
      }
    }
    return JSON.convertValue(array, MAPS);
  }
}
