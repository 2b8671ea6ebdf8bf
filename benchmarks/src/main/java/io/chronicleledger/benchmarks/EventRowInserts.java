package io.chronicleledger.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor as DESIGN.md defines it ("one plain INSERT of the same event row per autocommit transaction"): the row
 * {@code CockroachEventStore} writes for an event (the same columns and values, a time-ordered event id), inserted
 * alone into the store's own {@code events} table, with its five indexes, in a fresh schema of its own. No position
 * claim (positions come from a counter in this JVM), no check of the stream's version beyond the table's unique
 * key, no idempotency record: what storing the event costs the database at least, so that the ratio of an append to
 * it is the cost of the store's own work. Safe for concurrent writers.
 */
final class EventRowInserts implements EventAppender {

    private final StoreUnderTest store;
    private final String insert;
    private final AtomicLong lastPosition = new AtomicLong();

    /**
     * Inserts into the {@code events} table of a store.
     *
     * @param store a PostgreSQL store, whose tables exist; {@link #close()} closes it
     */
    EventRowInserts(StoreUnderTest store) {
        this.store = store;
        this.insert = "INSERT INTO " + store.schema() + ".events (event_id, aggregate_id, aggregate_type, event_type, "
                + "event_data, metadata, event_version, stream_version, position, created_at) "
                + "VALUES (?, ?, ?, ?, CAST(? AS JSONB), CAST(? AS JSONB), ?, ?, ?, ?)";
    }

    @Override
    public void append(String stream, long version) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setObject(1, WriterStreams.timeOrderedId());
            statement.setString(2, stream);
            statement.setString(3, WriterStreams.AGGREGATE_TYPE);
            statement.setString(4, WriterStreams.EVENT_TYPE);
            statement.setString(5, WriterStreams.DATA);
            statement.setString(6, WriterStreams.METADATA);
            statement.setInt(7, 1);
            statement.setLong(8, version + 1);
            statement.setLong(9, lastPosition.incrementAndGet());
            statement.setObject(10, OffsetDateTime.now(ZoneOffset.UTC));
            statement.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        store.close();
    }
}
