package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.store.cockroach.internal.PositionClaim;
import io.chronicleledger.testkit.EventStoreConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event store conformance suite against PostgreSQL, positions claimed from the counter row as on CockroachDB. */
class PostgresCounterRowEventStoreConformanceTest extends EventStoreConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres(PositionClaim.COUNTER_ROW);

    @Override
    protected EventStore createEventStore() {
        return DATABASE.eventStore();
    }
}
