package io.chronicleledger.testkit.memory;

import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.SnapshotStoreConformance;
import org.junit.jupiter.api.DisplayName;

/** The in-memory snapshot store passes the snapshot store conformance suite. */
@DisplayName("InMemorySnapshotStore conformance")
class InMemorySnapshotStoreConformanceTest extends SnapshotStoreConformance {

    @Override
    protected SnapshotStore createSnapshotStore() {
        return new InMemorySnapshotStore();
    }
}
