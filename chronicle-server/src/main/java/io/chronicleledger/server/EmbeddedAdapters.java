package io.chronicleledger.server;

import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.SnapshotStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The adapters of the embedded default: the event store, snapshots, bus and read model in memory, and the
 * ledger on them.
 */
@Factory
public final class EmbeddedAdapters {

    /** Creates the factory. */
    public EmbeddedAdapters() {
    }

    /**
     * Returns the event store, metered.
     *
     * @param registry where its meters go
     * @return the in-memory event store
     */
    @Singleton
    public EventStore eventStore(MeterRegistry registry) {
        return new MeteredEventStore(new InMemoryEventStore(), registry);
    }

    /**
     * Returns the snapshot store.
     *
     * @return the in-memory snapshot store
     */
    @Singleton
    public SnapshotStore snapshotStore() {
        return new InMemorySnapshotStore();
    }

    /**
     * Returns the bus.
     *
     * @return the in-memory bus
     */
    @Singleton
    public EventBus eventBus() {
        return new InMemoryEventBus();
    }

    /**
     * Returns the read model.
     *
     * @return the in-memory read model
     */
    @Singleton
    public LedgerReadModel readModel() {
        return new InMemoryLedgerReadModel();
    }

    /**
     * Returns the ledger.
     *
     * @param store     the event store
     * @param snapshots the snapshot store
     * @return the ledger
     */
    @Singleton
    public Ledger ledger(EventStore store, SnapshotStore snapshots) {
        return Ledger.builder().eventStore(store).snapshotStore(snapshots).build();
    }
}
