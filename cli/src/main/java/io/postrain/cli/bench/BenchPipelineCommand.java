package io.postrain.cli.bench;

import io.postrain.cli.stack.FreePorts;
import io.postrain.cli.stack.KafkaBroker;
import io.postrain.cli.stack.ServiceProcess;
import io.postrain.cli.stack.StackCommand;
import io.postrain.cli.stack.StackService;
import io.postrain.cli.stack.StackTopics;
import io.postrain.events.Candidate;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SamplingParams;
import io.postrain.events.Topics;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.postrain.lm.template.ChatMessage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain bench pipeline}: a KRaft broker and the packaged inference-service (the only
 * service on the path {@code prompts -> responses}) with a tiny random model; a burst of prompts is
 * produced at once and answered through Kafka, first with the service's max batch size 1, then with
 * {@code --batch}. Prints prompts/s and end-to-end latency percentiles (produce to response
 * received) of each run; stops every process and deletes its files.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Measure prompts/s and latency through Kafka and the inference-service.")
public final class BenchPipelineCommand implements Callable<Integer> {

  private static final String MODEL = "tiny";

  @Spec CommandSpec spec;

  /** The processes running now, stopped by the shutdown hook on Ctrl-C. */
  private final List<AutoCloseable> running = new CopyOnWriteArrayList<>();

  @Option(names = "--prompts", defaultValue = "200", description = "Prompts per run.")
  int prompts;

  @Option(names = "--batch", defaultValue = "16", description = "Max batch size of run 2.")
  int batch;

  @Option(names = "--max-new-tokens", defaultValue = "16", description = "Greedy tokens each.")
  int maxNewTokens;

  @Option(names = "--warmup", defaultValue = "8", description = "Unmeasured prompts per run.")
  int warmup;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "600",
      description = "Limit for readiness and for each burst to be answered.")
  int timeoutSeconds;

  /** The figures of one run. */
  record Result(
      int maxBatchSize,
      int answered,
      int errors,
      double seconds,
      double[] latenciesMs,
      long completionTokens) {}

  @Override
  public Integer call() throws Exception {
    if (prompts < 1 || batch < 2 || maxNewTokens < 1 || warmup < 0 || timeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "--prompts, --max-new-tokens and --timeout-seconds must be >= 1, --batch >= 2,"
              + " --warmup >= 0");
    }
    Path jar = StackService.INFERENCE.jar(StackCommand.home());
    PrintWriter log = spec.commandLine().getErr();
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    String loadBefore = BenchGenerateCommand.loadAverage();
    Path run = Files.createTempDirectory("postrain-bench-pipeline");
    Thread hook = new Thread(this::stopRunning, "bench-pipeline-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Result unbatched;
    Result batched;
    try {
      Path models = run.resolve("models");
      RandomCheckpoint.write(
          models.resolve(MODEL), ModelConfigBuilder.tiny("qwen3").build(), 0, "float32");
      log.println("bench pipeline: starting the broker");
      log.flush();
      try (KafkaBroker broker =
          KafkaBroker.start(run.resolve("kafka"), StackTopics.all(), timeout)) {
        unbatched = measure(1, jar, broker, models, run, timeout, log);
        batched = measure(batch, jar, broker, models, run, timeout, log);
      }
    } finally {
      stopRunning();
      Runtime.getRuntime().removeShutdownHook(hook);
      BenchTrainCommand.deleteTree(run);
    }
    printTable(List.of(unbatched, batched), loadBefore);
    return 0;
  }

  private Result measure(
      int maxBatch,
      Path jar,
      KafkaBroker broker,
      Path models,
      Path run,
      Duration timeout,
      PrintWriter log)
      throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put("postrain.inference.models-dir", models.toAbsolutePath().toString());
    properties.put("postrain.inference.batching.max-batch-size", Integer.toString(maxBatch));
    log.printf("max batch size %d: starting inference-service%n", maxBatch);
    log.flush();
    try (ServiceProcess service =
            ServiceProcess.start(
                StackService.INFERENCE,
                jar,
                FreePorts.any(),
                broker.bootstrapServers(),
                run.resolve("data-" + maxBatch),
                run.resolve("inference-" + maxBatch + ".log"),
                properties);
        KafkaConsumer<String, String> consumer = responsesFromNow(broker.bootstrapServers());
        KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
      running.add(service);
      Duration ready = service.awaitReady(timeout);
      log.printf("  ready in %.1f s; %d warm-up prompts%n", ready.toMillis() / 1000.0, warmup);
      log.flush();
      burst(warmup, producer, consumer, timeout, maxBatch);
      log.printf("  %d prompts%n", prompts);
      log.flush();
      return burst(prompts, producer, consumer, timeout, maxBatch);
    }
  }

  /** Closes the service and broker still running (closing twice is harmless). */
  private void stopRunning() {
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception e) {
        spec.commandLine().getErr().println("bench pipeline: cannot stop " + c + ": " + e);
      }
    }
    running.clear();
  }

  /** Produces {@code count} prompts at once and waits for every response. */
  private Result burst(
      int count,
      KafkaProducer<String, String> producer,
      KafkaConsumer<String, String> consumer,
      Duration timeout,
      int maxBatch) {
    SamplingParams sampling = new SamplingParams(maxNewTokens, 0.0, 1.0, 0, null, 1);
    Map<String, Long> sent = new HashMap<>();
    long first = System.nanoTime();
    for (int i = 0; i < count; i++) {
      PromptEvent p =
          PromptEvent.create(
              null,
              MODEL,
              List.of(ChatMessage.user("benchmark prompt number " + i + ": tell me a story")),
              sampling,
              Map.of());
      sent.put(p.id(), System.nanoTime());
      producer.send(new ProducerRecord<>(Topics.PROMPTS, p.id(), Events.toJson(p)));
    }
    producer.flush();
    double[] latencies = new double[count];
    int answered = 0;
    int errors = 0;
    long tokens = 0;
    long last = first;
    long deadline = first + timeout.toNanos();
    while (answered < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
        long now = System.nanoTime();
        ResponseEvent response = Events.parse(r.value(), ResponseEvent.class);
        Long start = sent.remove(response.promptId());
        if (start == null) {
          continue;
        }
        latencies[answered++] = (now - start) / 1e6;
        last = now;
        if (response.error() != null) {
          errors++;
        } else {
          tokens += response.candidates().stream().mapToLong(Candidate::completionTokens).sum();
        }
      }
    }
    if (answered < count) {
      throw new IllegalStateException(
          (count - answered) + " of " + count + " prompts unanswered after " + timeout);
    }
    return new Result(maxBatch, answered, errors, (last - first) / 1e9, latencies, tokens);
  }

  private void printTable(List<Result> results, String loadBefore) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "machine: %d cores, load average before %s, after %s%n",
        Runtime.getRuntime().availableProcessors(), loadBefore, BenchGenerateCommand.loadAverage());
    out.printf(
        "tiny qwen3 (random), %d prompts produced at once, greedy, max %d new tokens%n%n",
        prompts, maxNewTokens);
    out.println(
        "| max batch size | prompts/s | new tokens/s | p50 ms | p90 ms | p99 ms | errors |");
    out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (Result r : results) {
      out.printf(
          "| %d | %.2f | %.1f | %.0f | %.0f | %.0f | %d |%n",
          r.maxBatchSize(),
          r.answered() / r.seconds(),
          r.completionTokens() / r.seconds(),
          BenchMath.percentile(r.latenciesMs(), 50),
          BenchMath.percentile(r.latenciesMs(), 90),
          BenchMath.percentile(r.latenciesMs(), 99),
          r.errors());
    }
    out.printf(
        "%nthroughput batched / unbatched = %.2f%n",
        results.get(0).seconds() / results.get(1).seconds());
    out.flush();
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  /** A consumer of {@code responses} positioned at its current end. */
  private static KafkaConsumer<String, String> responsesFromNow(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "postrain-bench-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.RESPONSES, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }
}
