package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.SnapshotStoreConformance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The snapshot store conformance suite against CockroachDB in a container, in a schema of its own. Skipped
 * where no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachSnapshotStoreConformanceTest extends SnapshotStoreConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onCockroach();

    @Override
    protected SnapshotStore createSnapshotStore() {
        return DATABASE.snapshotStore();
    }
}
