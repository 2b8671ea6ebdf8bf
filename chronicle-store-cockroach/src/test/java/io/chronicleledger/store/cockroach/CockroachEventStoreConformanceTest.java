package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.EventStoreConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The event store conformance suite against CockroachDB in a container, in a schema of its own. Skipped where
 * no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachEventStoreConformanceTest extends EventStoreConformance {

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
    protected EventStore createEventStore() {
        return CockroachEventStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
    }
}
