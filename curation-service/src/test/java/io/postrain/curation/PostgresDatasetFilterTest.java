package io.postrain.curation;

import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link DatasetFilterTest} against PostgreSQL (profile pg): runs when POSTRAIN_PG_URL is set. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@EnabledIfEnvironmentVariable(
    named = "POSTRAIN_PG_URL",
    matches = ".+",
    disabledReason =
        "POSTRAIN_PG_URL is not set: set it (e.g. jdbc:postgresql://127.0.0.1:5432/test) to run"
            + " the PostgreSQL filter test")
class PostgresDatasetFilterTest extends DatasetFilterTest {}
