package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.RandomizedLedgerConformance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The randomized ledger run on the event and snapshot stores against CockroachDB in a container, in an empty
 * schema of its own. Skipped where no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachRandomizedLedgerTest extends RandomizedLedgerConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onCockroach();

    @Override
    protected EventStore createEventStore() {
        return DATABASE.eventStore();
    }

    @Override
    protected SnapshotStore createSnapshotStore() {
        return DATABASE.snapshotStore();
    }
}
