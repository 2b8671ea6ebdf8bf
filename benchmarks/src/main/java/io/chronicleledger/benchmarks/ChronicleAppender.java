package io.chronicleledger.benchmarks;

import java.sql.SQLException;

/**
 * This project's event store in {@link PeerAppendBenchmark}: {@code CockroachEventStore} on PostgreSQL as
 * {@link StoreUnderTest} opens it, with the store's defaults (outbox on, group commit of up to 64 appends), each
 * append with a new idempotency key, as a command with one records it (issue 12's target configuration).
 */
final class ChronicleAppender implements EventAppender {

    private final StoreUnderTest store;

    ChronicleAppender(StoreUnderTest store) {
        this.store = store;
    }

    @Override
    public void append(String stream, long version) {
        WriterStreams.append(store.events(), stream, version, true);
    }

    @Override
    public void close() throws SQLException {
        store.close();
    }
}
