package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.RandomizedLedgerConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The randomized ledger run on the event and snapshot stores against CockroachDB in a container, in an empty
 * schema of its own. Skipped where no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachRandomizedLedgerTest extends RandomizedLedgerConformance {

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

    @Override
    protected SnapshotStore createSnapshotStore() {
        return CockroachSnapshotStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
    }
}
