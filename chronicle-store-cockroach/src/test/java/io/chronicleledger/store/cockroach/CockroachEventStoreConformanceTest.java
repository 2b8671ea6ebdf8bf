package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.EventStoreConformance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The event store conformance suite against CockroachDB in a container, in a schema of its own. Skipped where
 * no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachEventStoreConformanceTest extends EventStoreConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onCockroach();

    @Override
    protected EventStore createEventStore() {
        return DATABASE.eventStore();
    }
}
