package io.chronicleledger.benchmarks;

import java.sql.SQLException;

/**
 * One of the event stores {@link PeerAppendBenchmark} sets side by side on the same PostgreSQL, or the floor under
 * them: it appends one event to a stream, in a schema or database of its own that {@link #close()} drops. Safe
 * for concurrent writers, each on its own streams.
 */
interface EventAppender extends AutoCloseable {

    /** The floor: one plain row inserted per autocommit transaction ({@link RowInserts}). */
    String FLOOR = "floor";
    /**
     * The floor as DESIGN.md defines it: the event row this project's store writes, inserted alone by one plain
     * INSERT per autocommit transaction into the store's own {@code events} table ({@link EventRowInserts}).
     */
    String FLOOR_EVENT_ROW = "floor-event-row";
    /** Axon Framework's {@code JdbcEventStorageEngine} ({@link AxonAppender}). */
    String AXON = "axon";
    /** message-db's {@code write_message} ({@link MessageDbAppender}). */
    String MESSAGE_DB = "messagedb";
    /** This project's {@code CockroachEventStore}, each append with an idempotency key ({@link ChronicleAppender}). */
    String CHRONICLE = "chronicle";
    /**
     * This project's {@code CockroachEventStore} without idempotency keys: the rows the peers write (an event and
     * its position), for a comparison like for like.
     */
    String CHRONICLE_NO_KEY = "chronicle-no-key";
    /**
     * The floor once more: {@link PeerAppendBenchmark} runs it after the stores, so that a report divides by the
     * mean of a floor measured before them and one after (JMH runs the stores one after the other, and this
     * machine's speed drifts between them).
     */
    String FLOOR_AGAIN = "floor-again";

    /**
     * Opens an empty store.
     *
     * @param store       {@value #FLOOR}, {@value #FLOOR_EVENT_ROW}, {@value #AXON}, {@value #MESSAGE_DB},
     *                    {@value #CHRONICLE}, {@value #CHRONICLE_NO_KEY} or {@value #FLOOR_AGAIN}
     * @param connections the connections it may use at most (one per concurrent writer)
     * @return the store
     * @throws SQLException when the database refuses to set it up
     */
    static EventAppender open(String store, int connections) throws SQLException {
        switch (store) {
            case FLOOR:
            case FLOOR_AGAIN:
                return RowInserts.open(connections);
            case FLOOR_EVENT_ROW:
                return new EventRowInserts(StoreUnderTest.open(StoreUnderTest.POSTGRES, connections));
            case AXON:
                return AxonAppender.open(connections);
            case MESSAGE_DB:
                return MessageDbAppender.open(connections);
            case CHRONICLE:
                return new ChronicleAppender(StoreUnderTest.open(StoreUnderTest.POSTGRES, connections), true);
            case CHRONICLE_NO_KEY:
                return new ChronicleAppender(StoreUnderTest.open(StoreUnderTest.POSTGRES, connections), false);
            default:
                throw new IllegalArgumentException("store must be " + FLOOR + ", " + FLOOR_EVENT_ROW + ", " + AXON
                        + ", " + MESSAGE_DB + ", " + CHRONICLE + ", " + CHRONICLE_NO_KEY + " or " + FLOOR_AGAIN
                        + ", was " + store);
        }
    }

    /**
     * Appends one event to a stream, expecting the stream to hold {@code version} events; a store that does
     * not record the append stops the benchmark with an exception.
     *
     * @param stream  the stream
     * @param version the events the stream holds so far (0 for a new stream)
     * @throws SQLException when the database refuses the append
     */
    void append(String stream, long version) throws SQLException;

    /**
     * Drops the store's schema or database and closes its pool.
     *
     * @throws SQLException when the schema or database cannot be dropped
     */
    @Override
    void close() throws SQLException;
}
