package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.testkit.RandomizedLedgerConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The randomized ledger run on the PostgreSQL event and snapshot stores, in an empty schema of its own. */
class PostgresRandomizedLedgerTest extends RandomizedLedgerConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Override
    protected EventStore createEventStore() {
        return DATABASE.eventStore();
    }

    @Override
    protected SnapshotStore createSnapshotStore() {
        return DATABASE.snapshotStore();
    }
}
