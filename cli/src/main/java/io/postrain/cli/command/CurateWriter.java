package io.postrain.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.CurationReport;
import io.postrain.curate.Decision;
import io.postrain.curate.PromptGroup;
import io.postrain.curate.RewardSet;
import io.postrain.data.JsonlWriter;
import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.template.ChatMessage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Writes what {@code curate} keeps, in the input's style: a conversational input gives message
 * lists ({@code {"prompt": [...], "completion": [{"role": "assistant", ...}]}}), a string prompt
 * gives strings; pairs as {@code {"prompt", "chosen", "rejected"}}. The row's other keys (an {@code
 * id}, the {@code answer} an exact reward reads) are kept. Optionally writes every prompt with its
 * candidates and their total rewards.
 */
final class CurateWriter implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The input keys that hold the prompt and answers, replaced in the rows written. */
  private static final Set<String> LAYOUT_KEYS =
      Set.of("prompt", "completion", "completions", "messages", "chosen", "rejected");

  private final BufferedWriter out;
  private final BufferedWriter candidates;
  private final boolean scored;

  /**
   * @param candidatesFile where every prompt with its candidates goes, or null
   * @param rewards the run's rewards, or null
   */
  CurateWriter(Path output, Path candidatesFile, RewardSet rewards) throws IOException {
    this.out = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    this.candidates =
        candidatesFile == null
            ? null
            : Files.newBufferedWriter(candidatesFile, StandardCharsets.UTF_8);
    this.scored = rewards != null;
  }

  /** Counts the decision in the report and writes its row, if any. */
  void write(PromptGroup group, List<String> texts, Decision decision, CurationReport report) {
    report.add(decision, group.promptText(), group.line());
    if (decision instanceof Decision.Example e) {
      line(out, extras(group).setAll(JsonlWriter.sftRow(example(group, e.completion()))));
    } else if (decision instanceof Decision.Pair p) {
      line(out, extras(group).setAll(JsonlWriter.preferenceRow(pair(group, p))));
    }
    if (candidates != null) {
      ObjectNode row = extras(group);
      row.set("prompt", prompt(group));
      row.set("completions", MAPPER.valueToTree(texts));
      if (scored) {
        row.set(
            "rewards",
            MAPPER.valueToTree(decision.scores().stream().map(RewardSet.Scores::total).toList()));
      }
      row.put("line", group.line());
      row.put(
          "decision",
          decision instanceof Decision.Dropped d ? "dropped: " + d.reason().key() : "kept");
      line(candidates, row);
    }
  }

  private static SftExample example(PromptGroup group, String completion) {
    if (group.conversational()) {
      return new SftExample.Conversation(
          group.prompt(), List.of(ChatMessage.assistant(completion)));
    }
    return new SftExample.PlainText(group.promptText(), completion);
  }

  private static PreferenceExample pair(PromptGroup group, Decision.Pair p) {
    if (group.conversational()) {
      return new PreferenceExample.Conversation(
          group.prompt(),
          List.of(ChatMessage.assistant(p.chosen())),
          List.of(ChatMessage.assistant(p.rejected())));
    }
    return new PreferenceExample.PlainText(group.promptText(), p.chosen(), p.rejected());
  }

  private static JsonNode prompt(PromptGroup group) {
    if (!group.conversational()) {
      return MAPPER.getNodeFactory().textNode(group.promptText());
    }
    ObjectNode holder = JsonlWriter.sftRow(example(group, "-"));
    return holder.get("prompt");
  }

  /** The row's keys other than the layout's. */
  private static ObjectNode extras(PromptGroup group) {
    ObjectNode row = MAPPER.createObjectNode();
    group
        .row()
        .fields()
        .forEachRemaining(
            e -> {
              if (!LAYOUT_KEYS.contains(e.getKey())) {
                row.set(e.getKey(), e.getValue());
              }
            });
    return row;
  }

  private static void line(BufferedWriter to, ObjectNode row) {
    try {
      to.write(MAPPER.writeValueAsString(row));
      to.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write: " + e, e);
    }
  }

  @Override
  public void close() throws IOException {
    try (out) {
      if (candidates != null) {
        candidates.close();
      }
    }
  }
}
