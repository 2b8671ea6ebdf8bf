package io.chronicleledger.testkit.memory;

import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.testkit.RandomizedLedgerConformance;

/** The randomized ledger test on the in-memory adapters. */
class InMemoryRandomizedLedgerTest extends RandomizedLedgerConformance {

    @Override
    protected EventStore createEventStore() {
        return new InMemoryEventStore();
    }
}
