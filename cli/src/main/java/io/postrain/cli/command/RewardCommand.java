package io.postrain.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.DataRow;
import io.postrain.curate.DataRows;
import io.postrain.curate.RewardSet;
import io.postrain.curate.RewardStats;
import io.postrain.curate.Sample;
import io.postrain.lm.checkpoint.LanguageModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain reward}: scores the completions already in a file with a reward config; prints
 * mean and std of each reward (TRL's names). Preference files: chosen and rejected are scored
 * apart, with the share of pairs whose chosen scores higher.
 */
@Command(
    name = "reward",
    mixinStandardHelpOptions = true,
    description = "Score the completions of an SFT or preference file with a reward config (JSON).")
public final class RewardCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--reward",
      required = true,
      description = "Reward config, e.g. docs/identity-reward.json.")
  Path reward;

  @Option(
      names = "--data",
      required = true,
      description = "The JSONL file whose completions to score.")
  Path data;

  @Option(
      names = "--output",
      description = "Also write each row with its scores (field \"reward\").")
  Path output;

  @Override
  public Integer call() throws IOException {
    List<LanguageModel> judges = new ArrayList<>();
    try {
      RewardSet rewards = RewardFiles.read("--reward", reward, judges);
      ObjectNode report = score(rewards);
      spec.commandLine().getOut().println(report);
      spec.commandLine().getOut().flush();
    } finally {
      judges.forEach(LanguageModel::close);
    }
    return 0;
  }

  private ObjectNode score(RewardSet rewards) throws IOException {
    RewardStats chosen = new RewardStats(rewards.names());
    RewardStats rejected = new RewardStats(rewards.names());
    long[] wins = new long[1];
    long[] broken = new long[1];
    try (BufferedWriter out =
        output == null ? null : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      DataRows.forEach(
          data,
          row -> {
            if (row.broken()) {
              throw new IllegalArgumentException(data + " line " + row.line() + ": " + row.error());
            }
            RewardSet.Scores c = scored(rewards, row, row.completionText());
            chosen.add(c);
            ObjectNode line = ((ObjectNode) row.raw()).deepCopy();
            line.put("reward", c.total());
            if (row.preference()) {
              RewardSet.Scores r = scored(rewards, row, row.rejectedText());
              rejected.add(r);
              wins[0] += c.total() > r.total() ? 1 : 0;
              line.put("reward", c.total()).put("rejectedReward", r.total());
            }
            write(out, line);
          });
    }
    ObjectNode report = MAPPER.createObjectNode();
    report.put("file", data.toString());
    if (rejected.count() > 0) {
      report.set("chosen", chosen.report());
      report.set("rejected", rejected.report());
      report.put("chosenHigherShare", (double) wins[0] / rejected.count());
    } else {
      report.setAll(chosen.report());
    }
    return report;
  }

  private RewardSet.Scores scored(RewardSet rewards, DataRow row, String completion) {
    try {
      return rewards.score(new Sample(row.promptMessages(), completion, row.raw()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(data + " line " + row.line() + ": " + e.getMessage(), e);
    }
  }

  private static void write(BufferedWriter out, ObjectNode line) {
    if (out == null) {
      return;
    }
    try {
      out.write(MAPPER.writeValueAsString(line));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --output: " + e, e);
    }
  }
}
