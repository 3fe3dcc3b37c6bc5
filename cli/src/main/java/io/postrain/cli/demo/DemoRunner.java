package io.postrain.cli.demo;

import static io.postrain.cli.stack.StackService.CURATION;
import static io.postrain.cli.stack.StackService.INFERENCE;
import static io.postrain.cli.stack.StackService.TRAINER;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.cli.stack.HttpJson;
import io.postrain.cli.stack.LocalStack;
import io.postrain.cli.stack.StackOptions;
import io.postrain.cli.stack.StackService;
import io.postrain.events.Names;
import io.postrain.scenario.Comparison;
import io.postrain.scenario.EvalReport;
import io.postrain.scenario.HeldOutEval;
import io.postrain.scenario.ScenarioFiles;
import io.postrain.scenario.ScenarioSets;
import io.postrain.scenario.SkillItem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the reference scenario through the real pipeline: a Kafka broker and the three services as
 * processes; evaluation before and after over HTTP; a correction campaign on the curation service;
 * DPO on the trainer service; the new version served by the inference service.
 */
public final class DemoRunner {

  private final DemoSettings settings;
  private final Path home;
  private final PrintStream out;
  private final Map<String, Duration> phases = new LinkedHashMap<>();
  private final Map<String, String> details = new LinkedHashMap<>();

  /**
   * @param settings what to run
   * @param home the project root (the services' packaged jars)
   * @param out where progress goes
   */
  public DemoRunner(DemoSettings settings, Path home, PrintStream out) {
    this.settings = settings;
    this.home = home;
    this.out = out;
  }

  /** The result of a run: the comparison and where report.json went. */
  public record Result(Comparison comparison, Path report, Map<String, Duration> phases) {}

  /** Runs the scenario; the stack is stopped on return and on failure. */
  public Result run() {
    long start = System.nanoTime();
    ScenarioSets sets = ScenarioSets.of(settings.names(), settings.seed());
    Path scenarioDir = settings.outDir().resolve("scenario");
    ScenarioFiles files =
        timed(
            "scenario files",
            () -> ScenarioFiles.write(scenarioDir, settings.names(), settings.seed()));
    out.println(
        "[demo] scenario files in "
            + scenarioDir
            + " ("
            + files.identityTrain().getFileName()
            + ", ...)");
    Path runDir = settings.outDir().resolve("run");
    Path modelsDir = runDir.resolve("models");
    timed(
        "copy base model",
        () ->
            ModelFiles.copy(
                settings.baseModelDir(), Names.inside(modelsDir, settings.baseModelName())));
    StackOptions options = stackOptions(home, runDir, modelsDir, settings.torchThreads());
    Comparison comparison;
    try (LocalStack stack = timed("start stack", () -> LocalStack.start(options, out))) {
      comparison = pipeline(stack, sets);
    }
    phases.put("total", Duration.ofNanos(System.nanoTime() - start));
    Path report =
        DemoReport.write(settings.outDir().resolve("report.json"), comparison, details, phases);
    return new Result(comparison, report, Collections.unmodifiableMap(new LinkedHashMap<>(phases)));
  }

  private Comparison pipeline(LocalStack stack, ScenarioSets sets) {
    HttpJson inference = new HttpJson(stack.baseUrl(StackService.INFERENCE), Duration.ofMinutes(5));
    HttpJson curation = new HttpJson(stack.baseUrl(StackService.CURATION), Duration.ofMinutes(1));
    HttpJson trainer = new HttpJson(stack.baseUrl(StackService.TRAINER), Duration.ofMinutes(1));
    ServicePolling polling = new ServicePolling(settings.timeout(), out);
    timed(
        "wait for base model", () -> polling.awaitModel(inference, settings.baseModelName(), null));
    EvalReport before =
        timed("eval before", () -> evaluate(inference, settings.baseModelName(), sets, "before"));
    CampaignClient campaigns = new CampaignClient(curation, polling, out);
    String rehearsalDatasetId = null;
    if (settings.dpo().regularizationWeight() > 0) {
      List<String> skillPrompts =
          HeldOutEval.first(
              sets.skills().train().stream().map(SkillItem::question).toList(),
              settings.trainingPromptLimit());
      JsonNode rehearsal =
          timed("rehearsal set", () -> campaigns.runRehearsal(settings, skillPrompts));
      rehearsalDatasetId = rehearsal.path("datasetId").asText();
      details.put("rehearsalCampaignId", rehearsal.path("id").asText());
      details.put("rehearsalDatasetId", rehearsalDatasetId);
    }
    String rehearsalDataset = rehearsalDatasetId;
    List<String> prompts =
        HeldOutEval.first(sets.identity().trainingPrompts(), settings.trainingPromptLimit());
    JsonNode campaign =
        timed("campaign", () -> campaigns.runCorrection(settings, prompts, rehearsalDataset));
    String jobId = campaign.path("trainingJobId").asText(null);
    details.put("campaignId", campaign.path("id").asText());
    details.put("trainingJobId", String.valueOf(jobId));
    if (jobId == null) {
      throw new IllegalStateException("the campaign completed without a training job: " + campaign);
    }
    JsonNode job = timed("training", () -> new JobFollower(trainer, polling, out).follow(jobId));
    String version = job.path("modelVersion").asText(null);
    details.put("outputModel", settings.outputModel());
    details.put("outputVersion", String.valueOf(version));
    timed(
        "wait for new model", () -> polling.awaitModel(inference, settings.outputModel(), version));
    String served =
        version == null ? settings.outputModel() : settings.outputModel() + ":" + version;
    EvalReport after = timed("eval after", () -> evaluate(inference, served, sets, "after"));
    return EvalReport.compare(before, after);
  }

  private EvalReport evaluate(HttpJson inference, String model, ScenarioSets sets, String label) {
    HeldOutEval eval = HeldOutEval.of(sets, settings.names(), settings.evalLimit());
    out.printf(
        "[eval %s] %s: %d identity + %d skill questions over HTTP%n",
        label, model, eval.identity().size(), eval.skills().size());
    try (HttpAnswerer answerer = new HttpAnswerer(inference, model, 16)) {
      return eval.run(new CountingAnswerer(answerer, eval.questions(), "eval " + label, out));
    }
  }

  /**
   * The demo's stack: any free ports, base models read from {@code modelsDir}, trained models
   * stored under {@code <runDir>/store}, outbox relays and the trainer's job queue polled fast.
   *
   * @param torchThreads as {@link DemoSettings#torchThreads}
   */
  public static StackOptions stackOptions(
      Path home, Path runDir, Path modelsDir, int torchThreads) {
    StackOptions options =
        StackOptions.defaults(home)
            .withRunDir(runDir)
            .withAnyPorts()
            .withProperty(INFERENCE, "postrain.inference.models-dir", modelsDir.toString())
            .withProperty(TRAINER, "postrain.trainer.models-dir", modelsDir.toString())
            .withProperty(TRAINER, "postrain.model-store", runDir.resolve("store").toString())
            .withProperty(INFERENCE, "postrain.model-store", runDir.resolve("store").toString())
            .withProperty(CURATION, "postrain.curation.outbox.relay-interval", "1s")
            .withProperty(TRAINER, "postrain.trainer.outbox.relay-interval", "1s")
            .withProperty(TRAINER, "postrain.trainer.jobs.poll-interval", "500ms");
    if (torchThreads > 0) {
      for (StackService service : StackService.values()) {
        options =
            options
                .withProperty(service, "ai.djl.pytorch.num_threads", "" + torchThreads)
                .withProperty(service, "ai.djl.pytorch.num_interop_threads", "1");
      }
    }
    return options;
  }

  private <T> T timed(String phase, java.util.function.Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    Duration d = Duration.ofNanos(System.nanoTime() - start);
    phases.put(phase, d);
    out.printf(Locale.ROOT, "[demo] %s: %.1f s%n", phase, d.toMillis() / 1000.0);
    return result;
  }
}
