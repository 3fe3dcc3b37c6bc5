package io.postrain.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SamplingParams;
import io.postrain.events.Topics;
import io.postrain.lm.template.ChatMessage;
import io.postrain.testing.KafkaBrokerResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt is generated once even when the service is killed: {@value #PROMPTS} prompts (sampled,
 * temperature 1, seed 1234) go to a real broker; the packaged service is SIGKILLed {@value #KILLS}
 * times while responses are coming out and started again over the same database. Every prompt must
 * be answered, and no prompt may have two different response ids (a redelivered prompt re-sends its
 * stored response, same id). Responses carry their prompt's metadata.
 */
class KilledDuringGenerationIT {

  static final int PROMPTS = 200;
  static final int KILLS = 3;
  static final Duration START = Duration.ofSeconds(90);
  static final Duration DONE = Duration.ofSeconds(120);

  @TempDir Path dir;

  private final KafkaBrokerResource broker = new KafkaBrokerResource();
  private String bootstrap;
  private final List<ResponseEvent> responses = new CopyOnWriteArrayList<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private volatile boolean collecting = true;
  private Thread collector;

  @BeforeEach
  void startBroker() {
    bootstrap = broker.start().get("kafka.bootstrap.servers");
    collector = new Thread(this::collect, "responses-collector");
    collector.start();
  }

  @AfterEach
  void stopBroker() throws InterruptedException {
    collecting = false;
    collector.join(10_000);
    broker.stop();
  }

  @Test
  void onH2() throws Exception {
    run("h2", PackagedInference.JAR, Map.of());
  }

  @Test
  @EnabledIfEnvironmentVariable(
      named = "POSTRAIN_PG_URL",
      matches = ".+",
      disabledReason = "POSTRAIN_PG_URL is not set: set it to run the PostgreSQL variant")
  void onPostgres() throws Exception {
    // Its own schema, emptied at the first start only, so other PostgreSQL tests are untouched.
    Map<String, String> pg = new HashMap<>();
    pg.put("quarkus.profile", "pg");
    pg.put("quarkus.flyway.schemas", "inference_killed_it");
    pg.put("quarkus.hibernate-orm.database.default-schema", "inference_killed_it");
    run("postgres", PackagedInference.PG_JAR, pg);
  }

  private void run(String database, Path jar, Map<String, String> dbProperties) throws Exception {
    Path models = dir.resolve("models");
    TinyModelsResource.writeCheckpoint(models.resolve("tiny"), 7);
    Map<String, String> props = new HashMap<>(dbProperties);
    props.put("kafka.bootstrap.servers", bootstrap);
    props.put("postrain.data-dir", dir.resolve("data").toString());
    props.put("postrain.inference.models-dir", models.toString());
    // A killed consumer holds its partitions until its session times out (45 s by default);
    // the broker's minimum of 6 s lets the next start take over sooner.
    props.put("mp.messaging.incoming.prompts.session.timeout.ms", "6000");
    props.put("mp.messaging.incoming.model-updates.session.timeout.ms", "6000");
    Path log = Path.of("target", "killed-during-generation-" + database + ".log");
    Files.deleteIfExists(log);
    Map<String, PromptEvent> sent = sendPrompts();
    long t0 = System.nanoTime();

    List<Integer> seenAtKill = new ArrayList<>();
    Map<String, String> firstStart = new HashMap<>(props);
    if (dbProperties.containsKey("quarkus.profile")) {
      firstStart.put("quarkus.flyway.clean-at-start", "true");
      firstStart.put("quarkus.flyway.clean-disabled", "false");
    }
    List<Long> startMs = new ArrayList<>();
    long s0 = System.nanoTime();
    PackagedInference service = PackagedInference.start(jar, firstStart, log, START);
    startMs.add((System.nanoTime() - s0) / 1_000_000);
    for (int kill = 1; kill <= KILLS; kill++) {
      // Kill while generating: once another tenth of the prompts has been answered for the first
      // time (stored responses re-sent after a restart do not count).
      int target = answered.size() + PROMPTS / 10;
      await()
          .atMost(DONE)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> answered.size() >= target);
      service.kill();
      seenAtKill.add(answered.size());
      s0 = System.nanoTime();
      service = PackagedInference.start(jar, props, log, START);
      startMs.add((System.nanoTime() - s0) / 1_000_000);
    }
    long lastStart = System.nanoTime();
    try {
      awaitEveryPromptAcknowledged();
    } finally {
      service.close();
    }
    System.out.printf(
        "KilledDuringGenerationIT[%s]: starts to ready %s ms, after the last start %d ms%n",
        database, startMs, (System.nanoTime() - lastStart) / 1_000_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    report(database, sent, seenAtKill, seconds, log);
  }

  private void report(
      String database,
      Map<String, PromptEvent> sent,
      List<Integer> seenAtKill,
      double seconds,
      Path log)
      throws Exception {
    Map<String, Set<String>> idsByPrompt = new LinkedHashMap<>();
    for (ResponseEvent r : responses) {
      idsByPrompt.computeIfAbsent(r.promptId(), k -> new HashSet<>()).add(r.id());
    }
    long distinctIds = responses.stream().map(ResponseEvent::id).distinct().count();
    List<String> twice =
        idsByPrompt.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .map(Map.Entry::getKey)
            .toList();
    long restartLines =
        Files.readAllLines(log).stream().filter(l -> l.contains("re-sending its stored")).count();
    System.out.printf(
        "KilledDuringGenerationIT[%s]: prompts %d, responses %d, distinct response ids %d,"
            + " prompts answered %d, re-sent stored (same id) %d, prompts with 2+ response ids %d,"
            + " prompts answered at the %d kills %s, stored responses re-sent (log) %d, %.1f s%n",
        database,
        sent.size(),
        responses.size(),
        distinctIds,
        idsByPrompt.size(),
        responses.size() - distinctIds,
        twice.size(),
        KILLS,
        seenAtKill,
        restartLines,
        seconds);

    assertThat(idsByPrompt.keySet()).as("prompts answered").isEqualTo(sent.keySet());
    assertThat(twice).as("prompts generated twice: " + summary(idsByPrompt)).isEmpty();
    assertThat(seenAtKill).as("prompts answered at each kill").allMatch(n -> n < PROMPTS);
    for (ResponseEvent r : responses) {
      assertThat(r.metadata())
          .as("metadata of " + r.promptId())
          .isEqualTo(sent.get(r.promptId()).metadata());
    }
  }

  private Map<String, PromptEvent> sendPrompts() throws Exception {
    SamplingParams sampled = new SamplingParams(24, 1.0, 1.0, 0, 1234L, 1);
    Map<String, PromptEvent> sent = new LinkedHashMap<>();
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < PROMPTS; i++) {
        PromptEvent p =
            PromptEvent.create(
                "killed-it",
                "tiny",
                List.of(ChatMessage.user("Prompt number " + i + ": say something.")),
                sampled,
                Map.of("index", Integer.toString(i)));
        sent.put(p.id(), p);
        producer.send(new ProducerRecord<>(Topics.PROMPTS, p.id(), Events.toJson(p)));
      }
      producer.flush();
    }
    return sent;
  }

  /**
   * Waits until the service committed the end of {@code prompts} (every prompt acknowledged, so
   * none is redelivered later) and every response on the topic has been collected.
   */
  private void awaitEveryPromptAcknowledged() throws Exception {
    TopicPartition prompts = new TopicPartition(Topics.PROMPTS, 0);
    TopicPartition out = new TopicPartition(Topics.RESPONSES, 0);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      await()
          .atMost(DONE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                OffsetAndMetadata committed =
                    admin
                        .listConsumerGroupOffsets("inference-service")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(prompts);
                return committed != null && committed.offset() == PROMPTS;
              });
      long end =
          admin.listOffsets(Map.of(out, OffsetSpec.latest())).partitionResult(out).get().offset();
      await().atMost(DONE).until(() -> responses.size() == end);
    }
  }

  private void collect() {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "killed-it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.RESPONSES));
      while (collecting) {
        consumer
            .poll(Duration.ofMillis(20))
            .forEach(
                r -> {
                  ResponseEvent response = Events.parse(r.value(), ResponseEvent.class);
                  responses.add(response);
                  answered.add(response.promptId());
                });
      }
    }
  }

  static String summary(Map<String, Set<String>> idsByPrompt) {
    return idsByPrompt.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
