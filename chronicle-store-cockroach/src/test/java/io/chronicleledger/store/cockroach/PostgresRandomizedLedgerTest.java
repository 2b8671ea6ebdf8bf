package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.RandomizedLedgerConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The randomized ledger run on the PostgreSQL event and snapshot stores, in an empty schema of its own. */
class PostgresRandomizedLedgerTest extends RandomizedLedgerConformance {

    private static PostgresDatabase database;

    @BeforeAll
    static void connect() {
        database = PostgresDatabase.create();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        database.close();
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
