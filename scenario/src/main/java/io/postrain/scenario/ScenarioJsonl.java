package io.postrain.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the scenario's corpora as JSONL (one JSON object per line, UTF-8, {@code \n} endings).
 *
 * <ul>
 *   <li>ShareGPT, as {@code mrfakename/identity}: {@code
 *       {"conversations":[{"from":"human","value":Q},{"from":"gpt","value":A}]}}
 *   <li>Conversational messages (TRL): {@code
 *       {"messages":[{"role":"system","content":S},{"role":"user","content":Q},
 *       {"role":"assistant","content":A}]}}, the system message only when present
 *   <li>Prompts: {@code {"prompt":Q}}
 *   <li>Skill items: {@code {"skill":..,"question":..,"answer":..,"factKey":..,"templateId":..,
 *       "split":"TRAIN"|"HELD_OUT"}}
 * </ul>
 */
public final class ScenarioJsonl {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioJsonl.class);

  private ScenarioJsonl() {}

  /** Writes identity items in ShareGPT layout; returns the file. */
  public static Path writeShareGpt(Path file, List<IdentityItem> items) {
    return write(file, items, ScenarioJsonl::shareGptLine, "ShareGPT");
  }

  /** Writes SFT rows in conversational messages layout; returns the file. */
  public static Path writeMessages(Path file, List<SftRow> rows) {
    return write(file, rows, ScenarioJsonl::messagesLine, "messages");
  }

  /** Writes prompts (e.g. {@link IdentityCorpus#trainingPrompts()}); returns the file. */
  public static Path writePrompts(Path file, List<String> prompts) {
    return write(file, prompts, ScenarioJsonl::promptLine, "prompts");
  }

  /** Writes skill items with all their fields; returns the file. */
  public static Path writeSkills(Path file, List<SkillItem> items) {
    return write(file, items, ScenarioJsonl::skillLine, "skill");
  }

  /** One ShareGPT line, without the line break. */
  public static String shareGptLine(IdentityItem item) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode turns = root.putArray("conversations");
    turns.addObject().put("from", "human").put("value", item.question());
    turns.addObject().put("from", "gpt").put("value", item.answer());
    return serialise(root);
  }

  /** One messages line, without the line break. */
  public static String messagesLine(SftRow row) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode messages = root.putArray("messages");
    if (row.hasSystem()) {
      messages.addObject().put("role", "system").put("content", row.system());
    }
    messages.addObject().put("role", "user").put("content", row.user());
    messages.addObject().put("role", "assistant").put("content", row.assistant());
    return serialise(root);
  }

  /** One prompt line, without the line break. */
  public static String promptLine(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("a prompt must be non-blank, got '" + prompt + "'");
    }
    return serialise(JSON.createObjectNode().put("prompt", prompt));
  }

  /** One skill line, without the line break. */
  public static String skillLine(SkillItem item) {
    ObjectNode root = JSON.createObjectNode();
    root.put("skill", item.skill())
        .put("question", item.question())
        .put("answer", item.answer())
        .put("factKey", item.factKey())
        .put("templateId", item.templateId())
        .put("split", item.split().name());
    return serialise(root);
  }

  private static <T> Path write(Path file, List<T> rows, Function<T, String> line, String what) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (T row : rows) {
          out.write(line.apply(row));
          out.write('\n');
        }
      }
      LOG.info("wrote {} {} rows ({} bytes) to {}", rows.size(), what, Files.size(file), file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + what + " JSONL to " + file, e);
    }
  }

  private static String serialise(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings failed to serialise", e);
    }
  }
}
