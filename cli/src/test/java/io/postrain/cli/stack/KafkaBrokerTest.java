package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void servesRecordsAndTopicsThenStopsItsProcess() throws Exception {
    KafkaBroker broker = KafkaBroker.start(dir, StackTopics.all(), TIMEOUT);
    long pid;
    try {
      pid = broker.pid();
      assertThat(listTopics(broker)).containsAll(StackTopics.all()).contains("prompts.dlq");

      try (KafkaProducer<String, String> producer = producer(broker)) {
        producer
            .send(new ProducerRecord<>("prompts", "k1", "hello broker"))
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(consumeOne(broker, "prompts"))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly("k1", "hello broker");
    } finally {
      broker.close();
    }
    assertThat(broker.isAlive()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(FreePorts.isFree(broker.port())).isTrue();
  }

  @Test
  void continuesOverItsOwnStorageAfterSigkillAndAfterANewStart() throws Exception {
    int port = FreePorts.any();
    int controllerPort = FreePorts.any();
    KafkaBroker broker = KafkaBroker.start(dir, port, controllerPort, StackTopics.all(), TIMEOUT);
    try {
      try (KafkaProducer<String, String> producer = producer(broker)) {
        producer.send(new ProducerRecord<>("prompts", "k1", "kept")).get(30, TimeUnit.SECONDS);
      }
      ProcessHandle.of(broker.pid()).orElseThrow().destroyForcibly();
      assertThat(broker.onExit().get(30, TimeUnit.SECONDS).exitValue()).isEqualTo(137);

      broker = broker.restart(TIMEOUT);
      assertThat(broker.port()).isEqualTo(port);
      assertThat(consumeOne(broker, "prompts", "after-kill").value()).isEqualTo("kept");
    } finally {
      broker.close();
    }
    assertThat(KafkaBroker.isFormatted(dir)).isTrue();

    // A second start over the same directory (postrain stack --run-dir) must not format it again.
    KafkaBroker next = KafkaBroker.start(dir, port, controllerPort, StackTopics.all(), TIMEOUT);
    try {
      assertThat(consumeOne(next, "prompts", "next-run").value()).isEqualTo("kept");
      assertThat(listTopics(next)).containsAll(StackTopics.all());
    } finally {
      next.close();
    }
  }

  private static Set<String> listTopics(KafkaBroker broker) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  private static KafkaProducer<String, String> producer(KafkaBroker broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static ConsumerRecord<String, String> consumeOne(KafkaBroker broker, String topic) {
    return consumeOne(broker, topic, "broker-test");
  }

  private static ConsumerRecord<String, String> consumeOne(
      KafkaBroker broker, String topic, String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
      }
      assertThat(seen).as("records on " + topic).hasSize(1);
      return seen.get(0);
    }
  }
}
