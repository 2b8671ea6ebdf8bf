package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.OutboxConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox conformance suite against PostgreSQL, in a schema of its own. */
class PostgresOutboxConformanceTest extends OutboxConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Override
    protected EventStore createStore() {
        return DATABASE.eventStore();
    }
}
