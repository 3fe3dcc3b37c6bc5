package io.postrain.testing;

import io.postrain.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker for {@code @QuarkusTest}s, started in-process on a free
 * port with every postrain topic and its dead-letter topic already created.
 *
 * <p>Use: {@code @QuarkusTestResource(KafkaBrokerResource.class)} (or {@code @WithTestResource}) on
 * a test class; the application gets {@code kafka.bootstrap.servers}; a {@code KafkaCompanion}
 * field annotated {@link InjectKafkaCompanion} is filled for assertions on topics. Init argument
 * {@code partitions} (default 1) sets the partitions of each topic. A {@link KafkaBrokerControl}
 * field annotated {@link InjectKafkaBroker} is filled with the handle that stops the broker and
 * starts it again on the same port and log directory, for tests of broker outages.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerResource.class);

  private int partitions = 1;
  private KafkaBrokerControl broker;
  private KafkaCompanion companion;

  @Override
  public void init(Map<String, String> initArgs) {
    String value = initArgs.get("partitions");
    if (value != null) {
      partitions = Integer.parseInt(value);
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions is " + value + ": accepted is >= 1");
      }
    }
  }

  @Override
  public Map<String, String> start() {
    broker =
        new KafkaBrokerControl(
            props -> {
              // A test broker: no 3 s wait before each new consumer group's first rebalance,
              // and one partition for the internal topics instead of 50.
              props.put("group.initial.rebalance.delay.ms", "0");
              props.put("offsets.topic.num.partitions", "1");
              props.put("transaction.state.log.num.partitions", "1");
            });
    long t0 = System.nanoTime();
    broker.start();
    String servers = broker.bootstrapServers();
    companion = new KafkaCompanion(servers);
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String topic : Topics.ALL) {
      topics.put(topic, partitions);
      topics.put(Topics.dlq(topic), partitions);
    }
    topics.forEach((name, count) -> companion.topics().createAndWait(name, count));
    LOG.info(
        "Kafka broker at {} with {} topics, started in {} ms",
        servers,
        topics.size(),
        (System.nanoTime() - t0) / 1_000_000);
    return Map.of("kafka.bootstrap.servers", servers);
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        companion,
        new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
    testInjector.injectIntoFields(
        broker,
        new TestInjector.AnnotatedAndMatchesType(
            InjectKafkaBroker.class, KafkaBrokerControl.class));
  }

  @Override
  public void stop() {
    if (companion != null) {
      companion.close();
      companion = null;
    }
    if (broker != null) {
      broker.destroy();
      broker = null;
    }
  }
}
