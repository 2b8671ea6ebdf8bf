package io.chronicleledger.testkit.memory;

import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.EventStoreConformance;
import org.junit.jupiter.api.DisplayName;

/** The in-memory event store passes the event store conformance suite. */
@DisplayName("InMemoryEventStore conformance")
class InMemoryEventStoreConformanceTest extends EventStoreConformance {

    @Override
    protected EventStore createEventStore() {
        return new InMemoryEventStore();
    }
}
