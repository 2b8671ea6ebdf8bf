package io.chronicleledger.server;

import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.IdempotencyRecords;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.store.cockroach.CockroachEventStore;
import io.chronicleledger.store.cockroach.CockroachSnapshotStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The adapters the server runs on: the event store and snapshots on CockroachDB/PostgreSQL when
 * {@code CHRONICLE_STORE_URL} is set, else in memory; the bus on NATS JetStream when {@code CHRONICLE_NATS_URL}
 * is set ({@link BusConnection}), else in memory; the read model on PostgreSQL when {@code CHRONICLE_READ_URL}
 * is set, else in memory; and the ledger on them.
 */
@Factory
public final class Adapters {

    /** Creates the factory. */
    public Adapters() {
    }

    /**
     * Returns the event store, metered. Its bean is also the {@link IdempotencyRecords} that
     * {@link IdempotencySweeper} sweeps: both stores keep expiring idempotency records.
     *
     * @param config   the server's configuration
     * @param database the store's database, when configured
     * @param registry where its meters go
     * @return the event store
     */
    @Singleton
    public MeteredEventStore eventStore(ServerConfig config, StoreDatabase database, MeterRegistry registry) {
        return database.dataSource()
                .map(dataSource -> new MeteredEventStore(CockroachEventStore.builder().dataSource(dataSource)
                        .schema(config.storeSchema()).build(), registry))
                .orElseGet(() -> new MeteredEventStore(new InMemoryEventStore(), registry));
    }

    /**
     * Returns the snapshot store.
     *
     * @param config   the server's configuration
     * @param database the store's database, when configured
     * @return the snapshot store
     */
    @Singleton
    public SnapshotStore snapshotStore(ServerConfig config, StoreDatabase database) {
        return database.dataSource()
                .<SnapshotStore>map(dataSource -> CockroachSnapshotStore.builder().dataSource(dataSource)
                        .schema(config.storeSchema()).build())
                .orElseGet(InMemorySnapshotStore::new);
    }

    /**
     * Returns the bus.
     *
     * @param connection the bus's connection, NATS JetStream or in memory
     * @return the bus
     */
    @Singleton
    public EventBus eventBus(BusConnection connection) {
        return connection.bus();
    }

    /**
     * Returns the read model: on PostgreSQL when {@code CHRONICLE_READ_URL} is set (shared by the processes, and
     * kept across restarts), else in memory, rebuilt at every start (the pipeline replays the store into it).
     *
     * @param config   the server's configuration
     * @param database the read model's database, when configured
     * @return the read model
     */
    @Singleton
    public LedgerReadModel readModel(ServerConfig config, ReadDatabase database) {
        return database.dataSource()
                .<LedgerReadModel>map(dataSource -> PostgresLedgerReadModel.builder().dataSource(dataSource)
                        .schema(config.readSchema()).build())
                .orElseGet(InMemoryLedgerReadModel::new);
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
