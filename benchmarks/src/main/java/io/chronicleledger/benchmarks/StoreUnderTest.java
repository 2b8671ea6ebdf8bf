package io.chronicleledger.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.store.cockroach.CockroachEventStore;
import io.chronicleledger.store.cockroach.CockroachSnapshotStore;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The event store and snapshot store a benchmark measures: {@value #MEMORY} (the in-memory adapters) or
 * {@value #POSTGRES} (the JDBC adapters in a fresh schema, dropped on {@link #close()}). PostgreSQL is found
 * through {@code CHRONICLE_PG_URL} (a JDBC URL), else at {@value #DEFAULT_URL}.
 */
final class StoreUnderTest implements AutoCloseable {

    static final String MEMORY = "memory";
    static final String POSTGRES = "postgres";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final EventStore events;
    private final SnapshotStore snapshots;
    private final HikariDataSource dataSource;
    private final String schema;

    private StoreUnderTest(EventStore events, SnapshotStore snapshots, HikariDataSource dataSource, String schema) {
        this.events = events;
        this.snapshots = snapshots;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /**
     * Opens an empty store.
     *
     * @param kind     {@value #MEMORY} or {@value #POSTGRES}
     * @param poolSize the connections PostgreSQL may use at most (one per concurrent writer)
     * @return the store
     */
    static StoreUnderTest open(String kind, int poolSize) {
        return open(kind, poolSize, CockroachEventStore.Builder.DEFAULT_MAX_APPENDS_PER_TRANSACTION);
    }

    /**
     * Opens an empty store with a group-commit setting.
     *
     * @param kind                     {@value #MEMORY} or {@value #POSTGRES}
     * @param poolSize                 the connections PostgreSQL may use at most
     * @param maxAppendsPerTransaction PostgreSQL's group commit: the most appends one transaction carries (1: off)
     * @return the store
     */
    static StoreUnderTest open(String kind, int poolSize, int maxAppendsPerTransaction) {
        switch (kind) {
            case MEMORY:
                return new StoreUnderTest(new InMemoryEventStore(), new InMemorySnapshotStore(), null, null);
            case POSTGRES:
                String schema = newSchemaName();
                HikariDataSource dataSource = CockroachStoreConfig.of(postgresUrl()).withSchema(schema)
                        .withPoolSize(poolSize).createDataSource();
                EventStore events = CockroachEventStore.builder().dataSource(dataSource).schema(schema)
                        .maxAppendsPerTransaction(maxAppendsPerTransaction).build();
                SnapshotStore snapshots = CockroachSnapshotStore.builder().dataSource(dataSource).schema(schema).build();
                return new StoreUnderTest(events, snapshots, dataSource, schema);
            default:
                throw new IllegalArgumentException("store must be " + MEMORY + " or " + POSTGRES + ", was " + kind);
        }
    }

    /** The JDBC URL of the PostgreSQL to measure: {@code CHRONICLE_PG_URL}, else {@value #DEFAULT_URL}. */
    static String postgresUrl() {
        String env = System.getenv("CHRONICLE_PG_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env;
    }

    /** A new schema name, so that each trial starts on empty tables. */
    static String newSchemaName() {
        return "chronicle_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    boolean inMemory() {
        return dataSource == null;
    }

    EventStore events() {
        return events;
    }

    SnapshotStore snapshots() {
        return snapshots;
    }

    /** The pool of the PostgreSQL store; {@code null} in memory. */
    HikariDataSource dataSource() {
        return dataSource;
    }

    /** The schema of the PostgreSQL store; {@code null} in memory. */
    String schema() {
        return schema;
    }

    /** The event store's outbox: both stores keep one. */
    Outbox outbox() {
        return (Outbox) events;
    }

    /** Drops the PostgreSQL schema and closes the pool; nothing to do in memory. */
    @Override
    public void close() throws SQLException {
        if (dataSource != null) {
            dropSchema(dataSource, schema);
        }
    }

    /**
     * Drops a schema of the benchmarks with all it holds, then closes the pool it was reached through.
     *
     * @param dataSource the pool, closed even when the drop fails
     * @param schema     the schema
     * @throws SQLException when the schema cannot be dropped
     */
    static void dropSchema(HikariDataSource dataSource, String schema) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            dataSource.close();
        }
    }
}
