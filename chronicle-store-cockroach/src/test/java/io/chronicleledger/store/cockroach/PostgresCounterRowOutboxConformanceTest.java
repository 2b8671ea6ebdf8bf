package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.store.cockroach.internal.PositionClaim;
import io.chronicleledger.testkit.OutboxConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox conformance suite against PostgreSQL, positions claimed from the counter row as on CockroachDB. */
class PostgresCounterRowOutboxConformanceTest extends OutboxConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres(PositionClaim.COUNTER_ROW);

    @Override
    protected EventStore createStore() {
        return DATABASE.eventStore();
    }
}
