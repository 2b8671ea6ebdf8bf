package io.chronicleledger.testkit.memory;

import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.Leases;
import io.chronicleledger.testkit.LeasesConformance;
import org.junit.jupiter.api.DisplayName;

/** The in-memory event store's leases pass the leases conformance suite. */
@DisplayName("InMemoryEventStore leases conformance")
class InMemoryLeasesConformanceTest extends LeasesConformance {

    @Override
    protected Leases createLeases() {
        return new InMemoryEventStore();
    }
}
