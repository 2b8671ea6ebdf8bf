package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.EventStoreConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event store conformance suite against PostgreSQL, in a schema of its own. */
class PostgresEventStoreConformanceTest extends EventStoreConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Override
    protected EventStore createEventStore() {
        return DATABASE.eventStore();
    }
}
