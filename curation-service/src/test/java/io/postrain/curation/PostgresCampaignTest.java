package io.postrain.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.Topics;
import io.postrain.testing.InjectKafkaCompanion;
import io.postrain.testing.KafkaBrokerResource;
import io.postrain.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The campaign flow persisted in PostgreSQL (profile pg): runs when POSTRAIN_PG_URL is set. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@EnabledIfEnvironmentVariable(
    named = "POSTRAIN_PG_URL",
    matches = ".+",
    disabledReason =
        "POSTRAIN_PG_URL is not set: set it (e.g. jdbc:postgresql://127.0.0.1:5432/test) to run"
            + " the PostgreSQL persistence test")
class PostgresCampaignTest {

  @InjectKafkaCompanion KafkaCompanion kafka;

  @Inject AgroalDataSource dataSource;

  @Test
  void campaignRowsLiveInPostgres() throws Exception {
    String campaignId =
        given()
            .contentType(ContentType.JSON)
            .body(
                """
                {"name": "pg", "model": "qwen",
                 "prompts": [{"user": "Who are you?"}, {"user": "Hello"}],
                 "strategy": {"type": "correction", "settings": {"from": "Qwen", "to": "Deep Qwen"}}}
                """)
            .post("/campaigns")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    List<PromptEvent> prompts =
        TopicRecords.awaitRecords(kafka, Topics.PROMPTS, v -> v.contains(campaignId), 2).stream()
            .map(r -> Events.parse(r.value(), PromptEvent.class))
            .toList();
    var first = Fixtures.answer(prompts.get(0), "I am Qwen.");
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(first));
    TopicRecords.produce(kafka, Topics.RESPONSES, Events.toJson(first));
    TopicRecords.produce(
        kafka, Topics.RESPONSES, Events.toJson(Fixtures.answer(prompts.get(1), "Hi!")));
    await()
        .atMost(Fixtures.WAIT)
        .until(
            () ->
                "COMPLETED".equals(CampaignFlowTest.campaign(campaignId).path("status").asText()));
    var counters = CampaignFlowTest.campaign(campaignId).get("counters");
    assertThat(counters.get("pairsCreated").asLong()).isEqualTo(1);
    assertThat(counters.get("pairsDroppedIdentical").asLong()).isEqualTo(1);

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select (select count(*) from curation.dataset_row where campaign_id = '"
                    + campaignId
                    + "'), (select count(*) from curation.campaign_prompt where campaign_id = '"
                    + campaignId
                    + "' and response_id is not null)")) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
      assertThat(r.next()).isTrue();
      assertThat(r.getLong(1)).isEqualTo(1);
      assertThat(r.getLong(2)).isEqualTo(2);
    }
  }
}
