package io.postrain.inference;

import io.postrain.events.Events;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.events.Topics;
import io.postrain.testing.KafkaBrokerResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.flywaydb.core.Flyway;

/**
 * What an earlier run of the inference service left behind, for a service that starts again over
 * it: a models directory ({@code tiny}, {@code mini}), a model store with the trained versions of
 * {@code mini} the earlier run was told about, its H2 file database recording them, and on {@code
 * model-updates} every announcement again (as after lost offsets) plus one made while the service
 * was down.
 *
 * <p>Recorded: {@code v1}, {@code v2} READY, {@code v3} FAILED (a broken checkpoint), {@code v4}
 * READY, in that order. Pending: the announcements of v1 to v4 (same ids) and a new {@code v5}. It
 * starts the Kafka broker too (as {@link KafkaBrokerResource}), since the announcements must be on
 * the topic before the service starts.
 */
public class PreviousRunResource extends KafkaBrokerResource {

  /** When the earlier run recorded each version (H2 keeps microseconds). */
  static final Map<String, Instant> RECORDED_AT =
      Map.of(
          "v1", Instant.parse("2026-01-01T10:00:00Z"),
          "v2", Instant.parse("2026-01-01T11:00:00Z"),
          "v3", Instant.parse("2026-01-01T12:00:00Z"),
          "v4", Instant.parse("2026-01-01T13:00:00Z"));

  private Path root;

  /** The id of the announcement of a version of mini. */
  static String updateId(String version) {
    return "previous-run-mini-" + version;
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    try {
      root = Files.createTempDirectory("postrain-restart");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path models = root.resolve("models");
    TinyModelsResource.writeCheckpoint(models.resolve(TinyModelsResource.TINY), 7);
    TinyModelsResource.writeCheckpoint(models.resolve(TinyModelsResource.MINI), 8);
    Path store = root.resolve("store");
    Map<String, Path> versions = new HashMap<>();
    for (String version : List.of("v1", "v2", "v4", "v5")) {
      long seed = 30 + Long.parseLong(version.substring(1));
      versions.put(
          version,
          TinyModelsResource.writeCheckpoint(
              store.resolve(TinyModelsResource.MINI).resolve(version), seed));
    }
    versions.put("v3", brokenCheckpoint(store.resolve(TinyModelsResource.MINI).resolve("v3")));

    String url = "jdbc:h2:file:" + root.resolve("data/inference") + ";DB_CLOSE_ON_EXIT=FALSE";
    Flyway.configure().dataSource(url, "sa", "").locations("db/migration").load().migrate();
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      for (String version : List.of("v1", "v2", "v3", "v4")) {
        record(db, version, versions.get(version), version.equals("v3"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the earlier run's database " + url, e);
    }

    try (KafkaCompanion kafka = new KafkaCompanion(config.get("kafka.bootstrap.servers"))) {
      List<ProducerRecord<String, String>> updates =
          Stream.of("v1", "v2", "v3", "v4", "v5")
              .map(
                  v ->
                      new ProducerRecord<String, String>(
                          Topics.MODEL_UPDATES, null, announce(v, versions.get(v))))
              .toList();
      kafka.produceStrings().fromRecords(updates).awaitCompletion(Duration.ofSeconds(60));
    }
    config.put("postrain.inference.models-dir", models.toString());
    config.put("postrain.model-store", store.toString());
    config.put("quarkus.datasource.jdbc.url", url);
    return config;
  }

  private static String announce(String version, Path path) {
    return Events.toJson(
        new ModelUpdateEvent(
            updateId(version),
            Events.SCHEMA_VERSION,
            Instant.now(),
            TinyModelsResource.MINI,
            version,
            path.toString(),
            TinyModelsResource.MINI,
            null,
            Map.of("loss", 1.0)));
  }

  private static void record(Connection db, String version, Path path, boolean failed)
      throws SQLException {
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO model_version (id, model_name, version, path, status, error, update_id,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, "row-" + version);
      insert.setString(2, TinyModelsResource.MINI);
      insert.setString(3, version);
      insert.setString(4, path.toString());
      insert.setString(5, failed ? "FAILED" : "READY");
      insert.setString(6, failed ? "cannot load the checkpoint at " + path : null);
      insert.setString(7, updateId(version));
      insert.setObject(8, RECORDED_AT.get(version).atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  private static Path brokenCheckpoint(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"qwen3\"");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    super.stop();
    if (root == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
