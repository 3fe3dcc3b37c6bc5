package io.postrain.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.cli.ModelDirectory;
import io.postrain.cli.Progress;
import io.postrain.curate.BestOfN;
import io.postrain.curate.CorrectionPairs;
import io.postrain.curate.CurationReport;
import io.postrain.curate.Decision;
import io.postrain.curate.Distillation;
import io.postrain.curate.PromptGroup;
import io.postrain.curate.PromptGroups;
import io.postrain.curate.RejectionSampling;
import io.postrain.curate.RewardSet;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.FinishReason;
import io.postrain.lm.generate.GenerationConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain curate}: makes an SFT or DPO data set from prompts with one strategy of {@link
 * io.postrain.curate}, group by group (a group = one prompt and its candidates), streaming. The
 * candidates are sampled with {@code --model} (the n of a prompt in one generate call, {@code
 * --batch-size} prompts per call) or read from the input ({@link PromptGroups}). Writes the rows
 * kept to {@code --output} and a {@link CurationReport}.
 */
@Command(
    name = "curate",
    mixinStandardHelpOptions = true,
    description = {
      "Curate prompts into an SFT or DPO data set: correction (DPO: corrected answer chosen),"
          + " distill (SFT: a teacher's answers), rejection (SFT: best of n if it reaches"
          + " --threshold), best-of-n (DPO: best chosen, worst rejected, --min-margin).",
      "Input rows: {\"prompt\"}, {\"prompt\", \"completion\"}, {\"prompt\", \"completions\": [...]}"
          + " or {\"messages\"}; see docs/curation.md."
    })
public final class CurateCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The strategies, by their command-line name. */
  static final List<String> STRATEGIES =
      List.of("correction", "distill", RejectionSampling.NAME, BestOfN.NAME, "filter");

  @Spec CommandSpec spec;

  /** The filter's own options ({@code --strategy filter}). */
  @Mixin CurateFilter filter;

  @Option(
      names = "--strategy",
      required = true,
      description = "correction, distill, rejection, best-of-n (filter: not in this build yet).")
  String strategy;

  @Option(names = "--input", required = true, description = "Prompts (JSONL).")
  Path input;

  @Option(names = "--output", required = true, description = "The curated data set (JSONL).")
  Path output;

  @Option(
      names = "--model",
      description = "Checkpoint that writes the candidates (the teacher for distill).")
  Path model;

  @Option(
      names = "--n",
      description =
          "Candidates sampled per prompt (default 8 for rejection and best-of-n, 1 else).")
  Integer n;

  @Option(names = "--reward", description = "Reward config (JSON), e.g. docs/identity-reward.json.")
  Path reward;

  @Option(
      names = "--threshold",
      description = "rejection, distill: the least total reward of a row kept (default: none).")
  Double threshold;

  @Option(
      names = "--min-margin",
      description = "best-of-n (default 0), correction: the least chosen - rejected reward.")
  Double minMargin;

  @Option(names = "--report", description = "Also write the JSON report to this file.")
  Path report;

  @Option(names = "--json", description = "Print the JSON report on stdout.")
  boolean json;

  @Option(
      names = "--candidates",
      description =
          "Also write every prompt with its candidates (\"completions\") and their rewards: a valid"
              + " --input for a later run without --model.")
  Path candidates;

  @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default 0).")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "128", description = "Default 128.")
  int maxNewTokens;

  @Option(names = "--temperature", defaultValue = "1", description = "Default 1 (0 = greedy).")
  double temperature;

  @Option(names = "--top-p", defaultValue = "1", description = "Default 1 (off).")
  double topP;

  @Option(names = "--top-k", defaultValue = "0", description = "Default 0 (off).")
  int topK;

  @Option(
      names = "--batch-size",
      defaultValue = "1",
      description = "Prompts per generate call, each with its n candidates (default 1).")
  int batchSize;

  @Option(names = "--from", description = "correction: the text to replace, e.g. Qwen.")
  String from;

  @Option(names = "--to", description = "correction: its replacement, e.g. \"Deep Qwen\".")
  String to;

  @Option(
      names = "--replace",
      description = "correction: a further replacement FROM=TO (repeatable).")
  Map<String, String> replace = new LinkedHashMap<>();

  @Option(
      names = "--keep-truncated",
      description = "distill: keep answers cut off at --max-new-tokens (dropped by default).")
  boolean keepTruncated;

  @Option(
      names = "--examples",
      defaultValue = "3",
      description = "Examples per drop reason in the report (default 3).")
  int examples;

  @Override
  public Integer call() throws IOException {
    CurateSettings settings =
        CurateSettings.check(
            this,
            STRATEGIES.contains(strategy)
                ? strategy
                : fail(
                    "--strategy '"
                        + strategy
                        + "': accepted are "
                        + String.join(", ", STRATEGIES)));
    if (settings.strategy().equals("filter")) {
      return CurateFilter.run(
          filter,
          input,
          output,
          report,
          model,
          seed,
          json,
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
    List<LanguageModel> opened = new ArrayList<>();
    try {
      RewardSet rewards = reward == null ? null : RewardFiles.read("--reward", reward, opened);
      LanguageModel lm = null;
      if (model != null) {
        lm = ModelDirectory.load(model, null);
        opened.add(lm);
      }
      ObjectNode result = run(settings, rewards, lm);
      PrintWriter out = spec.commandLine().getOut();
      if (report != null) {
        Files.writeString(report, result.toPrettyString() + "\n", StandardCharsets.UTF_8);
      }
      out.println(json ? result.toString() : summary(result));
      out.flush();
    } finally {
      opened.forEach(LanguageModel::close);
    }
    return 0;
  }

  private static String fail(String message) {
    throw new IllegalArgumentException(message);
  }

  private ObjectNode run(CurateSettings settings, RewardSet rewards, LanguageModel lm)
      throws IOException {
    CurationReport curation =
        new CurationReport(
            settings.reportName(), rewards == null ? List.of() : rewards.names(), examples);
    GenerationConfig generation = null;
    if (lm != null) {
      try {
        generation = lm.generationConfig(maxNewTokens, temperature, topK, topP, seed, settings.n());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad sampling flag: " + e.getMessage(), e);
      }
    }
    Progress progress =
        new Progress(spec.commandLine().getErr(), "curate", PromptGroups.count(input), 5);
    long[] done = {0};
    List<PromptGroup> batch = new ArrayList<>();
    GenerationConfig config = generation;
    try (CurateWriter writer = new CurateWriter(output, candidates, rewards)) {
      Group handler = group(settings, rewards, curation, writer);
      PromptGroups.forEach(
          input,
          g -> {
            if (lm == null) {
              if (g.candidates().isEmpty()) {
                throw new IllegalArgumentException(
                    input
                        + " line "
                        + g.line()
                        + ": no candidates (a \"completion\" or \"completions\") and no --model"
                        + " to sample them");
              }
              handler.curate(g, g.candidates(), new boolean[g.candidates().size()]);
              progress.update(++done[0]);
              return;
            }
            batch.add(g);
            if (batch.size() == batchSize) {
              done[0] += generate(lm, config, batch, handler);
              progress.update(done[0]);
            }
          });
      done[0] += generate(lm, config, batch, handler);
    }
    progress.finish(done[0]);
    ObjectNode result = MAPPER.createObjectNode();
    result.put("input", input.toString()).put("output", output.toString());
    result.set("settings", settings.json(this));
    result.setAll(curation.toJson());
    return result;
  }

  /** Samples the candidates of a batch of prompts in one call and curates each group. */
  private static int generate(
      LanguageModel lm, GenerationConfig config, List<PromptGroup> batch, Group handler) {
    if (batch.isEmpty()) {
      return 0;
    }
    List<List<Completion>> answers =
        lm.generate(batch.stream().map(PromptGroup::prompt).toList(), config, false);
    for (int i = 0; i < batch.size(); i++) {
      List<Completion> group = answers.get(i);
      List<String> texts = group.stream().map(c -> c.text().strip()).toList();
      boolean[] truncated = new boolean[group.size()];
      for (int c = 0; c < truncated.length; c++) {
        truncated[c] = group.get(c).finishReason() == FinishReason.LENGTH;
      }
      handler.curate(batch.get(i), texts, truncated);
    }
    int size = batch.size();
    batch.clear();
    return size;
  }

  /** What the run does with one prompt's candidates. */
  private interface Group {
    void curate(PromptGroup group, List<String> candidates, boolean[] truncated);
  }

  private static Group group(
      CurateSettings s, RewardSet rewards, CurationReport report, CurateWriter writer) {
    return switch (s.strategy()) {
      case RejectionSampling.NAME -> {
        RejectionSampling rs = new RejectionSampling(rewards, s.threshold());
        yield (g, texts, cut) -> writer.write(g, texts, rs.select(g.samples(texts)), report);
      }
      case BestOfN.NAME -> {
        BestOfN bon = new BestOfN(rewards, s.minMargin());
        yield (g, texts, cut) -> writer.write(g, texts, bon.select(g.samples(texts)), report);
      }
      case "correction" -> {
        CorrectionPairs pairs = new CorrectionPairs(s.correction(), rewards, s.minMargin());
        yield (g, texts, cut) -> {
          for (String text : texts) {
            writer.write(g, List.of(text), pairs.decide(g.sample(text)), report);
          }
        };
      }
      default -> {
        Distillation distill = new Distillation(rewards, s.threshold(), !s.keepTruncated());
        yield (g, texts, cut) -> {
          for (int i = 0; i < texts.size(); i++) {
            Decision d = distill.decide(g.sample(texts.get(i)), cut[i]);
            writer.write(g, List.of(texts.get(i)), d, report);
          }
        };
      }
    };
  }

  private static String summary(ObjectNode result) {
    StringBuilder b = new StringBuilder();
    b.append(result.get("strategy").asText())
        .append(": ")
        .append(result.get("groups").asLong())
        .append(" groups, ")
        .append(result.get("kept").asLong())
        .append(" kept, ")
        .append(result.get("dropped").asLong())
        .append(" dropped");
    List<String> reasons = new ArrayList<>();
    result
        .get("dropReasons")
        .fields()
        .forEachRemaining(e -> reasons.add(e.getKey() + " " + e.getValue().get("count").asLong()));
    if (!reasons.isEmpty()) {
      b.append(" (").append(String.join(", ", reasons)).append(")");
    }
    if (result.has("metrics")) {
      b.append("; candidates' reward ")
          .append(
              String.format(Locale.ROOT, "%.4g", result.get("metrics").get("reward").asDouble()));
    }
    return b.append(" -> ").append(result.get("output").asText()).toString();
  }
}
