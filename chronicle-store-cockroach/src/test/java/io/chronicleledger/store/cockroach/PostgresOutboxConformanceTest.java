package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.OutboxConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The outbox conformance suite against PostgreSQL, in a schema of its own. */
class PostgresOutboxConformanceTest extends OutboxConformance {

    private static PostgresDatabase database;

    @BeforeAll
    static void connect() {
        database = PostgresDatabase.create();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        database.close();
    }

    @Override
    protected EventStore createStore() {
        return CockroachEventStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
    }
}
