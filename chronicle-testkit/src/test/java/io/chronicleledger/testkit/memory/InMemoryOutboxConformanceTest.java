package io.chronicleledger.testkit.memory;

import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.OutboxConformance;
import org.junit.jupiter.api.DisplayName;

/** The in-memory event store passes the outbox conformance suite. */
@DisplayName("InMemoryEventStore outbox conformance")
class InMemoryOutboxConformanceTest extends OutboxConformance {

    @Override
    protected EventStore createStore() {
        return new InMemoryEventStore();
    }
}
