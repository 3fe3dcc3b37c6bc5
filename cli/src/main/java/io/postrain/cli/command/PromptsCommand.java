package io.postrain.cli.command;

import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SamplingParams;
import io.postrain.events.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain prompts}: sends a JSONL file of prompts to the {@code prompts} topic (one
 * PromptEvent JSON line printed per prompt sent); with {@code --wait}, prints instead each matching
 * ResponseEvent from {@code responses} as one JSON line until all are answered.
 */
@Command(
    name = "prompts",
    mixinStandardHelpOptions = true,
    description = "Send prompts from a JSONL file to Kafka; optionally wait for the responses.")
public final class PromptsCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--file",
      required = true,
      description =
          "JSONL: one {\"messages\":[...]} or {\"prompt\":...} or {\"user\":...,\"system\":...}"
              + " a line, optional \"model\" and \"sampling\"")
  Path file;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrapServers;

  @Option(names = "--model", description = "model for rows without one: name[:version]")
  String model;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "256",
      description = "default: ${DEFAULT-VALUE}")
  int maxNewTokens;

  @Option(
      names = "--temperature",
      defaultValue = "1.0",
      description = "0 = greedy; default: ${DEFAULT-VALUE}")
  double temperature;

  @Option(names = "--wait", description = "wait for the responses and print them")
  boolean waitForResponses;

  @Option(
      names = "--timeout",
      defaultValue = "120s",
      description = "how long --wait waits, e.g. 90s, 5m, PT2M (default: ${DEFAULT-VALUE})")
  String timeout;

  @Override
  public Integer call() throws Exception {
    Duration limit = duration(timeout);
    SamplingParams sampling = new SamplingParams(maxNewTokens, temperature, 1.0, 0, null, 1);
    List<PromptEvent> prompts = PromptRows.read(file, model, sampling);
    PrintWriter out = spec.commandLine().getOut();
    if (!waitForResponses) {
      send(prompts);
      prompts.forEach(p -> out.println(Events.toJson(p)));
      out.flush();
      return 0;
    }
    try (KafkaConsumer<String, String> consumer = responsesFromNow()) {
      send(prompts);
      Set<String> waiting = new HashSet<>();
      prompts.forEach(p -> waiting.add(p.id()));
      long deadline = System.nanoTime() + limit.toNanos();
      while (!waiting.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          ResponseEvent response = Events.parse(r.value(), ResponseEvent.class);
          if (waiting.remove(response.promptId())) {
            out.println(r.value());
            out.flush();
          }
        }
      }
      if (!waiting.isEmpty()) {
        throw new IllegalStateException(
            waiting.size() + " of " + prompts.size() + " prompts unanswered after " + timeout);
      }
    }
    return 0;
  }

  private void send(List<PromptEvent> prompts) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (PromptEvent p : prompts) {
        producer.send(new ProducerRecord<>(Topics.PROMPTS, p.id(), Events.toJson(p)));
      }
      producer.flush();
    }
  }

  /** A consumer of responses positioned at the current end, so only new answers are read. */
  private KafkaConsumer<String, String> responsesFromNow() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "postrain-cli-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.RESPONSES, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end offsets before sending
    return consumer;
  }

  /** Parses 90s, 5m, 2h or an ISO-8601 duration (PT2M). */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase();
    Map<String, TimeUnit> units =
        Map.of(
            "ms",
            TimeUnit.MILLISECONDS,
            "s",
            TimeUnit.SECONDS,
            "m",
            TimeUnit.MINUTES,
            "h",
            TimeUnit.HOURS);
    for (String suffix : List.of("ms", "s", "m", "h")) {
      if (t.endsWith(suffix) && t.substring(0, t.length() - suffix.length()).matches("\\d+")) {
        long n = Long.parseLong(t.substring(0, t.length() - suffix.length()));
        return Duration.ofMillis(units.get(suffix).toMillis(n));
      }
    }
    try {
      return Duration.parse(text.strip().toUpperCase());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--timeout '" + text + "' is not a duration: expected e.g. 90s, 5m, 2h or PT2M");
    }
  }
}
