package io.chronicleledger.benchmarks;

import java.sql.SQLException;

/**
 * This project's event store in {@link PeerAppendBenchmark}: {@code CockroachEventStore} on PostgreSQL as
 * {@link StoreUnderTest} opens it, with the store's defaults (outbox on, group commit of up to 64 appends), each
 * append with a new idempotency key, as a command with one records it (issue 12's target configuration), or
 * without one, as the peers append.
 */
final class ChronicleAppender implements EventAppender {

    private final StoreUnderTest store;
    private final boolean keyed;

    ChronicleAppender(StoreUnderTest store, boolean keyed) {
        this.store = store;
        this.keyed = keyed;
    }

    @Override
    public void append(String stream, long version) {
        WriterStreams.append(store.events(), stream, version, keyed);
    }

    @Override
    public void close() throws SQLException {
        store.close();
    }
}
