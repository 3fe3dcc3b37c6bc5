package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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

/** Starts the real broker and the three packaged services as processes, then stops them all. */
class LocalStackIT {

  @TempDir Path runDir;

  @Test
  void startsEverythingAndLeavesNoProcessBehind() throws Exception {
    Path home = Path.of(System.getProperty("postrain.home", ".."));
    StackOptions options = StackOptions.defaults(home).withRunDir(runDir).withAnyPorts();
    List<Long> pids = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(options, new PrintStream(System.err, true))) {
      pids.add(stack.broker().pid());
      stack.services().forEach(service -> pids.add(service.pid()));
      assertThat(pids).hasSize(4).doesNotHaveDuplicates();

      for (StackService service : StackService.values()) {
        JsonNode health =
            new HttpJson(stack.baseUrl(service), Duration.ofSeconds(10)).get("/q/health/ready");
        assertThat(health.path("status").asText()).as(service.moduleName()).isEqualTo("UP");
        assertThat(runDir.resolve("logs").resolve(service.moduleName() + ".log")).isNotEmptyFile();
      }
      assertThat(stack.services())
          .extracting(ServiceProcess::port)
          .doesNotHaveDuplicates()
          .doesNotContain(stack.broker().port());

      produce(stack.bootstrapServers(), "prompts", "p-1", "{\"prompt\":\"2+2?\"}");
      assertThat(consumeOne(stack.bootstrapServers(), "prompts"))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly("p-1", "{\"prompt\":\"2+2?\"}");
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid " + pid).isEmpty();
    }
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(runDir.toString())))
        .isEmpty();
  }

  private static void produce(String bootstrap, String topic, String key, String value)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static ConsumerRecord<String, String> consumeOne(String bootstrap, String topic) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
      }
      assertThat(seen).as("records on " + topic).hasSize(1);
      return seen.get(0);
    }
  }
}
