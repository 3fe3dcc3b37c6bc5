package io.postrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** A DPO job persisted in PostgreSQL (profile pg): runs when POSTRAIN_PG_URL is set. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelResource.class)
@EnabledIfEnvironmentVariable(
    named = "POSTRAIN_PG_URL",
    matches = ".+",
    disabledReason =
        "POSTRAIN_PG_URL is not set: set it (e.g. jdbc:postgresql://127.0.0.1:5432/test) to run"
            + " the PostgreSQL persistence test")
class PostgresTrainingTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject AgroalDataSource dataSource;

  @Test
  void jobRowsAndMetricsLiveInPostgres() throws Exception {
    String dataset = "pg-" + Events.newId();
    for (PreferencePairEvent pair : Fixtures.pairs(dataset, 4)) {
      TopicRecords.produce(kafka, Topics.PREFERENCE_PAIRS, Events.toJson(pair));
    }
    TrainingJobEvent job =
        Fixtures.job(
            dataset, "dpo", TinyModelResource.TINY, "pg-dpo", 4, Fixtures.tinyConfig(1e-3));
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    TopicRecords.produce(kafka, Topics.TRAINING_JOBS, Events.toJson(job));
    JsonNode done = Fixtures.awaitState(job.id(), "SUCCEEDED");
    assertThat(done.get("history")).hasSize(2);
    assertThat(TopicRecords.awaitRecords(kafka, Topics.MODEL_UPDATES, v -> v.contains(job.id()), 1))
        .hasSize(1);

    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select (select count(*) from trainer.dataset_row where dataset_id = ?),"
                    + " (select count(*) from trainer.job where id = ? and state = 'SUCCEEDED'),"
                    + " (select count(*) from trainer.job_metric where job_id = ?)")) {
      s.setString(1, dataset);
      s.setString(2, job.id());
      s.setString(3, job.id());
      try (ResultSet r = s.executeQuery()) {
        assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1)).isEqualTo(4);
        assertThat(r.getLong(2)).isEqualTo(1);
        assertThat(r.getLong(3)).isEqualTo(2);
      }
    }
  }
}
