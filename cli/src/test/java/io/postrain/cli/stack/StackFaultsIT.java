package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.events.Events;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each service SIGKILLed mid-work under {@code ./postrain stack}'s supervisor, and the work still
 * completes with nothing lost or duplicated.
 *
 * <p>One run of the whole pipeline on the shipped tiny model: a distillation campaign of {@value
 * #PROMPTS} prompts sampled at temperature 1 (every answer becomes one SFT example), then the SFT
 * job the campaign requests. Three faults, one per service, each while it works: inference-service
 * after a fifth of the prompts were answered, curation-service after half of the SFT examples were
 * written, trainer-service once the job has logged {@value #TRAINER_KILL_STEP} steps. The
 * supervisor must notice each (exit report with the signal) and restart it over the same run
 * directory. Then: every prompt answered under one response id, one SFT example id per prompt
 * (re-sends keep their id), the trainer holds exactly {@value #PROMPTS} rows, the job succeeds with
 * one metric entry per step, and the campaign's counters add up. The figures are printed for {@code
 * docs/reliability.md}.
 */
class StackFaultsIT {

  private static final int PROMPTS = 60;
  private static final int TRAINER_KILL_STEP = 6;
  private static final int MAX_STEPS = 16;
  private static final Duration DONE = Duration.ofMinutes(8);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path runDir;

  private final List<ResponseEvent> responses = new CopyOnWriteArrayList<>();
  private final List<SftExampleEvent> examples = new CopyOnWriteArrayList<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final Set<String> exampleIds = ConcurrentHashMap.newKeySet();
  private volatile boolean collecting = true;

  @Test
  void everyServiceKilledMidWorkLosesNothingAndDuplicatesNothing() throws Exception {
    Path home = Path.of(System.getProperty("postrain.home", ".."));
    Path store = runDir.resolve("store");
    StackOptions options =
        StackOptions.defaults(home)
            .withRunDir(runDir)
            .withAnyPorts()
            .withRestartPolicy(
                new RestartPolicy(
                    Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(20), 5))
            .withProperty(StackService.INFERENCE, "postrain.model-store", store.toString())
            .withProperty(StackService.TRAINER, "postrain.model-store", store.toString())
            .withProperty(StackService.CURATION, "postrain.curation.outbox.relay-interval", "1s")
            .withProperty(StackService.TRAINER, "postrain.trainer.outbox.relay-interval", "1s")
            .withProperty(StackService.TRAINER, "postrain.trainer.jobs.poll-interval", "500ms");
    // A killed consumer holds its partitions until its session times out (45 s by default); the
    // broker's minimum of 6 s lets the restarted service take over sooner.
    options = shortSessions(options);
    ByteArrayOutputStream supervisorLines = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(new Tee(System.err, supervisorLines), true);

    long t0 = System.nanoTime();
    try (LocalStack stack = LocalStack.start(options, progress)) {
      Thread collector = new Thread(() -> collect(stack.bootstrapServers()), "faults-collector");
      collector.start();
      try {
        HttpJson curation = new HttpJson(stack.baseUrl(StackService.CURATION), timeout());
        String campaignId = curation.post("/campaigns", campaign()).path("id").asText();

        List<String> faults = new ArrayList<>();
        await("a fifth of the prompts answered", () -> answered.size() >= PROMPTS / 5);
        faults.add(kill(stack, StackService.INFERENCE, answered.size() + " prompts answered"));

        await("half of the SFT examples written", () -> exampleIds.size() >= PROMPTS / 2);
        faults.add(kill(stack, StackService.CURATION, exampleIds.size() + " examples written"));

        JsonNode campaign =
            poll(
                "campaign " + campaignId + " to complete with its training job",
                () -> fresh(stack, StackService.CURATION).get("/campaigns/" + campaignId),
                c ->
                    "COMPLETED".equals(c.path("status").asText())
                        && !c.path("trainingJobId").isNull()
                        && !c.path("trainingJobId").isMissingNode());
        String jobId = campaign.path("trainingJobId").asText();
        poll(
            "job " + jobId + " to log " + TRAINER_KILL_STEP + " steps",
            () -> fresh(stack, StackService.TRAINER).get("/jobs/" + jobId),
            j ->
                "RUNNING".equals(j.path("state").asText())
                    && j.path("step").asInt() >= TRAINER_KILL_STEP);
        faults.add(kill(stack, StackService.TRAINER, "job at its step " + TRAINER_KILL_STEP));

        JsonNode job =
            poll(
                "job " + jobId + " to end after its resume",
                () -> fresh(stack, StackService.TRAINER).get("/jobs/" + jobId),
                j -> Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(j.path("state").asText()));
        campaign = fresh(stack, StackService.CURATION).get("/campaigns/" + campaignId);
        JsonNode trainerRows =
            fresh(stack, StackService.TRAINER)
                .get("/datasets/" + campaign.path("datasetId").asText());
        await("every response and example collected", this::topicsDrained);

        report(faults, campaign, job, trainerRows, supervisorLines, t0);
      } finally {
        collecting = false;
        collector.join(10_000);
      }
    }
  }

  private void report(
      List<String> faults,
      JsonNode campaign,
      JsonNode job,
      JsonNode trainerRows,
      ByteArrayOutputStream supervisorLines,
      long t0) {
    Map<String, Set<String>> responseIds = idsBy(responses, ResponseEvent::promptId, r -> r.id());
    Map<String, Set<String>> exampleIdsByPrompt =
        idsBy(examples, SftExampleEvent::promptId, SftExampleEvent::id);
    long promptsTwice = responseIds.values().stream().filter(ids -> ids.size() > 1).count();
    long examplesTwice = exampleIdsByPrompt.values().stream().filter(ids -> ids.size() > 1).count();
    List<Integer> steps = new ArrayList<>();
    job.path("history").forEach(point -> steps.add(point.path("step").asInt()));
    String supervisor = supervisorLines.toString(StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT,
        "StackFaultsIT: faults %s; prompts %d answered %d, response records %d (distinct %d),"
            + " prompts with 2+ response ids %d; SFT example records %d (distinct %d), prompts with"
            + " 2+ example ids %d; trainer rows %d; job %s at step %d/%d, metric entries %d"
            + " (distinct steps %d); campaign counters %s; %.1f s%n",
        faults,
        PROMPTS,
        responseIds.size(),
        responses.size(),
        responses.stream().map(ResponseEvent::id).distinct().count(),
        promptsTwice,
        examples.size(),
        exampleIds.size(),
        examplesTwice,
        trainerRows.path("sftExamples").asLong(),
        job.path("state").asText(),
        job.path("step").asInt(),
        job.path("totalSteps").asInt(),
        steps.size(),
        new HashSet<>(steps).size(),
        campaign.path("counters"),
        (System.nanoTime() - t0) / 1e9);

    for (StackService service : StackService.values()) {
      assertThat(supervisor)
          .as("the supervisor's report of " + service.moduleName())
          .contains(service.moduleName() + " (pid ")
          .contains("exited unexpectedly with exit code 137 (killed by signal 9, SIGKILL)")
          .contains(service.moduleName() + " restarted (pid ");
    }
    assertThat(responseIds).as("prompts answered").hasSize(PROMPTS);
    assertThat(promptsTwice).as("prompts generated twice").isZero();
    assertThat(exampleIdsByPrompt).as("prompts with an SFT example").hasSize(PROMPTS);
    assertThat(examplesTwice).as("prompts curated twice").isZero();
    JsonNode counters = campaign.path("counters");
    assertThat(counters.path("responsesReceived").asLong()).isEqualTo(PROMPTS);
    assertThat(counters.path("pairsCreated").asLong()).isEqualTo(PROMPTS);
    assertThat(counters.path("errors").asLong()).isZero();
    assertThat(trainerRows.path("sftExamples").asLong())
        .as("rows the trainer holds")
        .isEqualTo(PROMPTS);
    assertThat(job.path("state").asText()).as("job " + job.path("error")).isEqualTo("SUCCEEDED");
    List<Integer> expected = new ArrayList<>();
    for (int s = 1; s <= MAX_STEPS; s++) {
      expected.add(s);
    }
    assertThat(steps).as("one metric entry per step, in order").isEqualTo(expected);
    assertThat(Path.of(job.path("outputPath").asText()).resolve("model.safetensors"))
        .isRegularFile();
  }

  private static <T> Map<String, Set<String>> idsBy(
      List<T> records,
      java.util.function.Function<T, String> key,
      java.util.function.Function<T, String> id) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (T r : records) {
      out.computeIfAbsent(key.apply(r), k -> new HashSet<>()).add(id.apply(r));
    }
    return out;
  }

  private static ObjectNode campaign() {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", "stack faults");
    body.put("model", "qwen-tiny");
    ArrayNode prompts = body.putArray("prompts");
    for (int i = 0; i < PROMPTS; i++) {
      prompts.addObject().put("user", "Question " + i + ": what is " + (i % 9) + " plus 1?");
    }
    body.putObject("sampling")
        .put("maxNewTokens", 16)
        .put("temperature", 1.0)
        .put("seed", 1234)
        .put("n", 1);
    body.putObject("strategy")
        .put("type", "distillation")
        .putObject("settings")
        .put("dropTruncated", false);
    ObjectNode job = body.putObject("trainingJob");
    job.put("method", "sft").put("outputModel", "faults-sft");
    job.putObject("config")
        .putObject("training")
        .put("perDeviceTrainBatchSize", 2)
        .put("maxSteps", MAX_STEPS)
        .put("loggingSteps", 1)
        .put("saveSteps", 2)
        .put("learningRate", 1e-4);
    return body;
  }

  private static StackOptions shortSessions(StackOptions options) {
    Map<StackService, List<String>> incoming =
        Map.of(
            StackService.INFERENCE, List.of("prompts", "model-updates"),
            StackService.CURATION, List.of("responses", "training-outcomes"),
            StackService.TRAINER, List.of("preference-pairs", "sft-examples", "training-jobs"));
    for (Map.Entry<StackService, List<String>> e : incoming.entrySet()) {
      for (String channel : e.getValue()) {
        options =
            options.withProperty(
                e.getKey(), "mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
      }
    }
    return options;
  }

  /**
   * SIGKILLs {@code service}'s process and waits until the supervisor has it running again.
   *
   * @return a short description of the fault, for the figures
   */
  private static String kill(LocalStack stack, StackService service, String when) {
    ServiceProcess before = stack.service(service);
    long start = System.nanoTime();
    ProcessHandle.of(before.pid()).ifPresent(ProcessHandle::destroyForcibly);
    await(
        service.moduleName() + " restarted",
        () -> stack.service(service).pid() != before.pid() && stack.service(service).isAlive());
    return String.format(
        Locale.ROOT,
        "%s killed at %s, back in %.1f s",
        service.moduleName(),
        when,
        (System.nanoTime() - start) / 1e9);
  }

  /** A client of the service's current process (a restart keeps the port, but be explicit). */
  private static HttpJson fresh(LocalStack stack, StackService service) {
    return new HttpJson(stack.baseUrl(service), timeout());
  }

  private static Duration timeout() {
    return Duration.ofSeconds(30);
  }

  private boolean topicsDrained() {
    return responses.size() >= PROMPTS && exampleIds.size() >= PROMPTS;
  }

  private void collect(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "stack-faults-it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.RESPONSES, Topics.SFT_EXAMPLES));
      while (collecting) {
        consumer
            .poll(Duration.ofMillis(100))
            .forEach(
                r -> {
                  if (r.topic().equals(Topics.RESPONSES)) {
                    ResponseEvent response = Events.parse(r.value(), ResponseEvent.class);
                    responses.add(response);
                    answered.add(response.promptId());
                  } else {
                    SftExampleEvent example = Events.parse(r.value(), SftExampleEvent.class);
                    examples.add(example);
                    exampleIds.add(example.id());
                  }
                });
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DONE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + DONE + " waiting for " + what);
      }
      sleep(100);
    }
  }

  /**
   * Polls {@code get} until {@code done}; a request that fails (a restart in progress) is retried.
   */
  private static JsonNode poll(
      String what, Supplier<JsonNode> get, java.util.function.Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + DONE.toNanos();
    String last = "nothing yet";
    while (System.nanoTime() < deadline) {
      try {
        JsonNode node = get.get();
        if (done.test(node)) {
          return node;
        }
        last = node.toString();
      } catch (RuntimeException e) {
        last = e.getMessage();
      }
      sleep(250);
    }
    throw new AssertionError(
        "timed out after " + DONE + " waiting for " + what + "; last: " + last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Writes to two streams: the test's log and the buffer the assertions read. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
