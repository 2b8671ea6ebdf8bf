package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.SnapshotStoreConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The snapshot store conformance suite against PostgreSQL, in a schema of its own. */
class PostgresSnapshotStoreConformanceTest extends SnapshotStoreConformance {

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
    protected SnapshotStore createSnapshotStore() {
        return CockroachSnapshotStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
    }
}
