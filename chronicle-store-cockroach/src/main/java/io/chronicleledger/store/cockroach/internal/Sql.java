package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.core.store.RecordedEvent;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Names, column lists and value conversions shared by the statements of the stores. */
public final class Sql {

    /** The primary key of {@code events}: a violation means an event id is already recorded. */
    public static final String EVENTS_PK = "events_pk";

    /** The unique constraint on {@code (aggregate_id, stream_version)}: a violation is a version conflict. */
    public static final String EVENTS_STREAM_VERSION_UNIQUE = "events_stream_version_uq";

    /** The primary key of {@code idempotency_keys}: a violation means the key is known already. */
    public static final String IDEMPOTENCY_KEYS_PK = "idempotency_keys_pk";

    /** The columns of an event, in the order {@link #event(ResultSet)} reads them. */
    public static final String EVENT_COLUMNS = "position, event_id, aggregate_id, aggregate_type, event_type, "
            + "event_version, stream_version, event_data::TEXT, metadata::TEXT, created_at";

    /** The moments {@link #timestamp} writes by hand: the years 1 to 9999, four digits each. */
    private static final long FIRST_SECOND_OF_YEAR_1 = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long LAST_SECOND_OF_YEAR_9999 =
            LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
    /** The earliest moment a {@code TIMESTAMPTZ} holds: 4714-11-24 BC, midnight UTC (ISO year -4713). */
    private static final Instant EARLIEST_TIMESTAMP = Instant.parse("-4713-11-24T00:00:00Z");
    /** The latest moment a {@code TIMESTAMPTZ} holds, to its microseconds. */
    private static final Instant LATEST_TIMESTAMP = Instant.parse("+294276-12-31T23:59:59.999999Z");
    private static final byte[] TIMESTAMP_PATTERN = "0000-00-00T00:00:00.000000Z".getBytes(StandardCharsets.US_ASCII);

    private Sql() {
    }

    /**
     * Reads an event from a row of {@link #EVENT_COLUMNS}.
     *
     * @param row the row
     * @return the event
     * @throws SQLException when a column cannot be read
     */
    public static RecordedEvent event(ResultSet row) throws SQLException {
        return new RecordedEvent(
                row.getLong(1),
                row.getObject(2, UUID.class),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getInt(6),
                row.getLong(7),
                row.getString(8),
                row.getString(9),
                instant(row, 10));
    }

    /**
     * Reads a {@code TIMESTAMPTZ} column.
     *
     * @param row    the row
     * @param column the column index
     * @return the moment, or {@code null} for SQL {@code NULL}
     * @throws SQLException when the column cannot be read
     */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Binds a moment to a {@code TIMESTAMPTZ} parameter, truncated to the column's microseconds: the database
     * would round, and {@code created_at <= T} with a T a few nanoseconds before an event would then take it in.
     *
     * @param statement the statement
     * @param index     the parameter index
     * @param instant   the moment
     * @throws SQLException when it cannot be bound
     */
    public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /**
     * Binds a moment that bounds a comparison with a {@code TIMESTAMPTZ} column ({@code created_at <= T}) like
     * {@link #setInstant}, brought into the range the column holds (4714 BC to 294276 AD, on PostgreSQL and
     * CockroachDB): no stored moment lies beyond it, so a bound past one end compares as that end does, where the
     * database would refuse it ("timestamp out of range").
     *
     * @param statement the statement
     * @param index     the parameter index
     * @param bound     the moment, any an {@link Instant} holds
     * @throws SQLException when it cannot be bound
     */
    public static void setBound(PreparedStatement statement, int index, Instant bound) throws SQLException {
        Instant held = bound.isBefore(EARLIEST_TIMESTAMP) ? EARLIEST_TIMESTAMP
                : bound.isAfter(LATEST_TIMESTAMP) ? LATEST_TIMESTAMP : bound;
        setInstant(statement, index, held);
    }

    /**
     * Returns {@code n} parameter markers for an {@code IN} list. An {@code IN} list rather than
     * {@code = ANY (?)} with an array: the database knows how many values come, so a plan it caches for the
     * statement keeps using the index (a cached plan for an array of unknown length may scan the table).
     *
     * @param n how many, 1 or more
     * @return {@code "?, ?, ..."}
     */
    public static String placeholders(int n) {
        return "?" + ", ?".repeat(n - 1);
    }

    /**
     * Writes a moment as {@code TIMESTAMPTZ} text (ISO 8601, UTC), truncated to the column's microseconds like
     * {@link #setInstant}, for a parameter bound as text. Every append binds its moments this way: between the
     * years 1 and 9999 the text is written by hand, into one array of fixed length (a fifth of an append's
     * allocations went into {@link Instant#toString()}'s formatter); other years go through that formatter.
     *
     * @param instant the moment
     * @return the text, such as {@code 2026-12-03T16:00:00.123456Z}
     */
    public static String timestamp(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_YEAR_1 || seconds > LAST_SECOND_OF_YEAR_9999) {
            return instant.truncatedTo(ChronoUnit.MICROS).toString();
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        byte[] text = TIMESTAMP_PATTERN.clone();
        digits(text, 0, 4, utc.getYear());
        digits(text, 5, 2, utc.getMonthValue());
        digits(text, 8, 2, utc.getDayOfMonth());
        digits(text, 11, 2, utc.getHour());
        digits(text, 14, 2, utc.getMinute());
        digits(text, 17, 2, utc.getSecond());
        digits(text, 20, 6, instant.getNano() / 1_000);
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as {@code length} decimal digits ending before {@code from + length}, zero-padded. */
    private static void digits(byte[] text, int from, int length, int value) {
        for (int i = from + length - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Array parameters of one statement execution, created on its connection and freed together at the end. */
    public static final class BoundArrays implements AutoCloseable {

        private final Connection connection;
        private final PreparedStatement statement;
        private final List<Array> created = new ArrayList<>();

        /**
         * Starts binding arrays to a statement.
         *
         * @param connection the statement's connection, which creates the arrays
         * @param statement  the statement
         */
        public BoundArrays(Connection connection, PreparedStatement statement) {
            this.connection = connection;
            this.statement = statement;
        }

        /**
         * Binds an array to a parameter.
         *
         * @param index    the parameter index
         * @param typeName the SQL type of the elements, such as {@code text} or {@code int8}
         * @param values   the elements
         * @throws SQLException when the array cannot be created or bound
         */
        public void bind(int index, String typeName, Object[] values) throws SQLException {
            Array array = connection.createArrayOf(typeName, values);
            created.add(array);
            statement.setArray(index, array);
        }

        /**
         * Frees the arrays.
         *
         * @throws SQLException when the driver fails to free one
         */
        @Override
        public void close() throws SQLException {
            for (Array array : created) {
                array.free();
            }
        }
    }
}
