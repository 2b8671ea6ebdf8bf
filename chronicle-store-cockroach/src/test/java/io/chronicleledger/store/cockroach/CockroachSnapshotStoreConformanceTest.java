package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.SnapshotStoreConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The snapshot store conformance suite against CockroachDB in a container, in a schema of its own. Skipped
 * where no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachSnapshotStoreConformanceTest extends SnapshotStoreConformance {

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
    protected SnapshotStore createSnapshotStore() {
        return CockroachSnapshotStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
    }
}
