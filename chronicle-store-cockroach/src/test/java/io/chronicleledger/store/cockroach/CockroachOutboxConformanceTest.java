package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.OutboxConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The outbox conformance suite against CockroachDB in a container, in a schema of its own. Skipped where
 * no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachOutboxConformanceTest extends OutboxConformance {

    private static PostgresDatabase database;

    @BeforeAll
    static void connect() {
        database = CockroachDatabase.freshSchema();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected EventStore createStore() {
        return CockroachEventStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
    }
}
