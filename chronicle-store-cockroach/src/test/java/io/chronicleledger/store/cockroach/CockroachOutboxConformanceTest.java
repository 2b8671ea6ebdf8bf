package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.OutboxConformance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The outbox conformance suite against CockroachDB in a container, in a schema of its own. Skipped where
 * no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachOutboxConformanceTest extends OutboxConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onCockroach();

    @Override
    protected EventStore createStore() {
        return DATABASE.eventStore();
    }
}
