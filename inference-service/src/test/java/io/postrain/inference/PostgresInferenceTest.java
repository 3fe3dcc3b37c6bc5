package io.postrain.inference;

import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.postrain.events.Events;
import io.postrain.events.ModelUpdateEvent;
import io.postrain.events.PromptEvent;
import io.postrain.events.Topics;
import io.postrain.lm.template.ChatMessage;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Prompt records and model versions persisted in PostgreSQL (profile pg). */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
@EnabledIfEnvironmentVariable(
    named = "POSTRAIN_PG_URL",
    matches = ".+",
    disabledReason =
        "POSTRAIN_PG_URL is not set: set it (e.g. jdbc:postgresql://127.0.0.1:5432/test) to run"
            + " the PostgreSQL persistence test")
class PostgresInferenceTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject AgroalDataSource dataSource;

  @Test
  void promptsAndModelVersionsLiveInPostgres() throws Exception {
    Fixtures.awaitReady();
    PromptEvent prompt =
        PromptEvent.create(
            null, "tiny", List.of(ChatMessage.user("Hello")), KafkaPromptsTest.GREEDY, Map.of());
    TopicRecords.produce(kafka, Topics.PROMPTS, Events.toJson(prompt));
    var broken = Files.createDirectories(ModelUpdatesTest.store().resolve("mini/v9"));
    TopicRecords.produce(
        kafka,
        Topics.MODEL_UPDATES,
        Events.toJson(
            new ModelUpdateEvent(
                Events.newId(),
                Events.SCHEMA_VERSION,
                Instant.now(),
                "mini",
                "v9",
                broken.toString(),
                null,
                null,
                Map.of())));
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                "ANSWERED"
                        .equals(
                            query(
                                "select status from inference.prompt_record where id = '"
                                    + prompt.id()
                                    + "'"))
                    && "FAILED"
                        .equals(
                            query(
                                "select status from inference.model_version where version ="
                                    + " 'v9'")));
  }

  private String query(String sql) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
