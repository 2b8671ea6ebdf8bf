package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.SnapshotStoreConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The snapshot store conformance suite against PostgreSQL, in a schema of its own. */
class PostgresSnapshotStoreConformanceTest extends SnapshotStoreConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Override
    protected SnapshotStore createSnapshotStore() {
        return DATABASE.snapshotStore();
    }
}
