package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.core.store.RecordedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The text and parameters of the statement that records a batch (see {@link EventTables#record}), in one of two
 * forms that do the same thing:
 * <ul>
 *   <li><b>values</b>, for a small batch: each value is a parameter of its own, the rows a {@code VALUES} list.
 *   The text depends on how many events, idempotency records and assumed heads the batch has, so there is one
 *   text per such shape (at most {@value #MOST_VALUES_ROWS} rows of each), each prepared once per connection.</li>
 *   <li><b>arrays</b>, for any larger batch: each column is one array parameter, the rows its {@code unnest}. The
 *   text is the same for every size.</li>
 * </ul>
 * Both keep a generic plan, prepared once. The values form exists because the common batch is one append of one
 * or two events, and there the arrays cost more than the rows: the database parses twenty array literals, and
 * the driver builds them. Measured on PostgreSQL 15, one client interleaving the forms with a one-row insert
 * (2026-12-04): an append of one event with its idempotency record took 1.55 times the insert as arrays and 1.29
 * times as values. From a few rows on, a batch shares one statement among its appends and the difference fades.
 */
final class RecordStatement {

    /** The most rows of each kind (events, idempotency records, assumed heads) a values form takes. */
    static final int MOST_VALUES_ROWS = 4;

    /** The heads a batch assumes. */
    private static final RowSet<EventTables.AssumedHead> HEADS = new RowSet<>("h", List.of(
            text("aggregate_id", EventTables.AssumedHead::streamId),
            new Column<>("stream_version", "INT8", EventTables.AssumedHead::version),
            moment("before", EventTables.AssumedHead::before)));

    /** The events, numbered by {@code ord} from 1 in the order given. */
    private static final RowSet<RecordedEvent> EVENTS = new RowSet<>("e", List.of(
            new Column<>("event_id", "UUID", RecordedEvent::eventId),
            text("aggregate_id", RecordedEvent::aggregateId),
            text("aggregate_type", RecordedEvent::aggregateType),
            text("event_type", RecordedEvent::eventType),
            new Column<>("event_version", "INT4", RecordedEvent::eventVersion),
            new Column<>("stream_version", "INT8", RecordedEvent::streamVersion),
            text("event_data", RecordedEvent::data),
            text("metadata", RecordedEvent::metadata),
            moment("created_at", RecordedEvent::createdAt)));

    /** The idempotency records. */
    private static final RowSet<EventTables.KeyToKeep> KEYS = new RowSet<>("k", List.of(
            text("idempotency_key", key -> key.idempotency().key()),
            text("request_hash", key -> key.idempotency().requestHash()),
            text("response", key -> key.idempotency().response()),
            new Column<>("first_event", "INT4", EventTables.KeyToKeep::firstEvent),
            new Column<>("event_count", "INT4", EventTables.KeyToKeep::eventCount),
            moment("created_at", EventTables.KeyToKeep::createdAt)));

    /**
     * An idempotency record's positions, generated from the counter's old value, the index of its first event and
     * their count: in the arrays form, where the generic plan and the custom ones estimate the count alike.
     */
    private static final String GENERATED_POSITIONS = "ARRAY(SELECT c.before + k.first_event + g "
            + "FROM generate_series(1, k.event_count) AS g ORDER BY g)";

    /**
     * An idempotency record's positions, those of its events among the rows inserted: in the values form. There a
     * custom plan knows the count of a {@code generate_series}, where a generic plan estimates a thousand rows, so
     * the database would plan every execution anew (at about 0.2 ms each); the look-up in the inserted rows costs
     * the same in both, and is small for the few rows of a values form.
     */
    private static final String RECORDED_POSITIONS = "ARRAY(SELECT r.position FROM recorded r "
            + "WHERE r.position > c.before + k.first_event AND r.position <= c.before + k.first_event + k.event_count "
            + "ORDER BY r.position)";

    private final String schema;
    private final String withArrays;
    private final ConcurrentHashMap<Integer, String> withValues = new ConcurrentHashMap<>();

    RecordStatement(String schema) {
        this.schema = schema;
        this.withArrays = text(HEADS.asArrays(), EVENTS.asArrays(), KEYS.asArrays(), GENERATED_POSITIONS);
    }

    /**
     * Prepares and binds the statement for a batch, in the form its size calls for.
     *
     * @param connection the connection
     * @param assumed    the heads to check first
     * @param events     the events, their positions ignored
     * @param keys       the idempotency records
     * @return the prepared statement, bound and ready to execute; the caller closes it
     * @throws SQLException when it cannot be prepared or bound
     */
    Bound bind(Connection connection, List<EventTables.AssumedHead> assumed, List<RecordedEvent> events,
               List<EventTables.KeyToKeep> keys) throws SQLException {
        int a = assumed.size();
        int n = events.size();
        int k = keys.size();
        boolean values = a <= MOST_VALUES_ROWS && n <= MOST_VALUES_ROWS && k <= MOST_VALUES_ROWS;
        String sql = values ? withValues.computeIfAbsent((a * 10 + n) * 10 + k, shape -> text(
                HEADS.asValues(a), EVENTS.asValues(n), KEYS.asValues(k), RECORDED_POSITIONS)) : withArrays;
        PreparedStatement statement = connection.prepareStatement(sql);
        Sql.BoundArrays arrays = new Sql.BoundArrays(connection, statement);
        Bound bound = new Bound(statement, arrays);
        try {
            int index = 1;
            statement.setLong(index++, n);
            index = values ? HEADS.bindValues(statement, index, assumed) : HEADS.bindArrays(arrays, index, assumed);
            statement.setLong(index++, n);
            index = values ? EVENTS.bindValues(statement, index, events) : EVENTS.bindArrays(arrays, index, events);
            if (values) {
                KEYS.bindValues(statement, index, keys);
            } else {
                KEYS.bindArrays(arrays, index, keys);
            }
            return bound;
        } catch (SQLException | RuntimeException e) {
            bound.close();
            throw e;
        }
    }

    /** A bound statement and the arrays it holds, closed together. */
    record Bound(PreparedStatement statement, Sql.BoundArrays arrays) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try (statement) {
                arrays.close();
            }
        }
    }

    /**
     * The statement. The counter's update comes first (the inserts read its result), and every row's position is
     * the counter's old value plus the row's ordinal; the last {@code SELECT} returns that old value even when no
     * event is recorded, and one row without it when an assumed head is missing (the counter's update then matched
     * no row). The check of an assumed head looks its event up by the stream and version alone, so that the unique
     * key's index finds it (with {@code created_at} in the lookup, a generic plan took the stream's
     * {@code created_at} index and scanned every event of the stream before the moment). It reads the statement's
     * snapshot; should the update wait for the counter's lock, the rows it found are still there when the lock
     * comes. An idempotency record's positions are {@link #GENERATED_POSITIONS} or {@link #RECORDED_POSITIONS}.
     */
    private String text(String heads, String events, String keys, String keyPositions) {
        String s = schema;
        return "WITH claimed AS (UPDATE " + s + ".positions SET last = last + CAST(? AS BIGINT) WHERE id = 1 "
                + "AND NOT EXISTS (SELECT 1 FROM " + heads + " WHERE NOT COALESCE(("
                + "SELECT e.created_at < h.before FROM " + s + ".events e WHERE e.aggregate_id = h.aggregate_id "
                + "AND e.stream_version = h.stream_version), FALSE)) "
                + "RETURNING last - CAST(? AS BIGINT) AS before), "
                + "recorded AS (INSERT INTO " + s + ".events (position, event_id, aggregate_id, aggregate_type, "
                + "event_type, event_version, stream_version, event_data, metadata, created_at) "
                + "SELECT c.before + e.ord, e.event_id, e.aggregate_id, e.aggregate_type, e.event_type, "
                + "e.event_version, e.stream_version, CAST(e.event_data AS JSONB), CAST(e.metadata AS JSONB), "
                + "e.created_at FROM claimed c, " + events + " "
                + "RETURNING position, event_data::TEXT AS event_data, metadata::TEXT AS metadata), "
                // CockroachDB refuses a data-modifying WITH without RETURNING, even when nothing reads it
                + "kept AS (INSERT INTO " + s + ".idempotency_keys (idempotency_key, request_hash, response, "
                + "event_positions, created_at) SELECT k.idempotency_key, k.request_hash, k.response, "
                + keyPositions + ", "
                + "k.created_at FROM claimed c, " + keys + " RETURNING idempotency_key) "
                + "SELECT c.before, r.position, r.event_data, r.metadata FROM (VALUES (1)) AS one(n) "
                + "LEFT JOIN claimed c ON TRUE LEFT JOIN recorded r ON TRUE";
    }

    private static <T> Column<T> text(String name, Function<T, String> value) {
        return new Column<>(name, "TEXT", value);
    }

    /** A moment travels as text ({@link Sql#timestamp}), which the statement casts. */
    private static <T> Column<T> moment(String name, Function<T, Instant> value) {
        return new Column<>(name, "TIMESTAMPTZ", row -> Sql.timestamp(value.apply(row)));
    }

    /**
     * A column of a row set: its name, its SQL type and how a row gives its value.
     *
     * @param name  the column's name in the statement
     * @param type  its SQL type: {@code TEXT}, {@code TIMESTAMPTZ} (bound as text), {@code UUID}, {@code INT4} or
     *              {@code INT8}
     * @param value the value of a row
     * @param <T>   the row
     */
    private record Column<T>(String name, String type, Function<T, ?> value) {

        /** The element type of the column's array parameter. */
        String arrayType() {
            return type.equals("TIMESTAMPTZ") ? "text" : type.toLowerCase(Locale.ROOT);
        }

        /**
         * The column's values as an array of the Java type its SQL type binds from: the driver encodes a typed
         * array as such, an {@code Object[]} only through its elements' text.
         */
        Object[] values(List<T> rows) {
            Object[] values = switch (type) {
                case "UUID" -> new UUID[rows.size()];
                case "INT4" -> new Integer[rows.size()];
                case "INT8" -> new Long[rows.size()];
                default -> new String[rows.size()];
            };
            for (int r = 0; r < values.length; r++) {
                values[r] = value.apply(rows.get(r));
            }
            return values;
        }
    }

    /**
     * Rows of named, typed columns, written into the statement as a source of rows with an ordinal {@code ord}
     * from 1: as the {@code unnest} of one array per column, or as a {@code VALUES} list of so many rows.
     *
     * @param <T> the row
     */
    private static final class RowSet<T> {

        private final String alias;
        private final List<Column<T>> columns;

        RowSet(String alias, List<Column<T>> columns) {
            this.alias = alias;
            this.columns = columns;
        }

        private String aliased() {
            StringBuilder text = new StringBuilder(" AS ").append(alias).append("(");
            for (Column<T> column : columns) {
                text.append(column.name()).append(", ");
            }
            return text.append("ord)").toString();
        }

        String asArrays() {
            StringBuilder text = new StringBuilder("unnest(");
            for (int c = 0; c < columns.size(); c++) {
                text.append(c == 0 ? "" : ", ").append("CAST(? AS ").append(columns.get(c).type()).append("[])");
            }
            return text.append(") WITH ORDINALITY").append(aliased()).toString();
        }

        String asValues(int rows) {
            StringBuilder text = new StringBuilder("(");
            if (rows == 0) { // VALUES needs a row: no rows is a query that returns none, of the same types
                text.append("SELECT ");
                for (Column<T> column : columns) {
                    text.append("CAST(NULL AS ").append(column.type()).append("), ");
                }
                return text.append("CAST(NULL AS INT8) WHERE FALSE)").append(aliased()).toString();
            }
            text.append("VALUES ");
            for (int r = 1; r <= rows; r++) {
                text.append(r == 1 ? "(" : ", (");
                for (Column<T> column : columns) {
                    text.append("CAST(? AS ").append(column.type()).append("), ");
                }
                text.append("CAST(").append(r).append(" AS INT8))");
            }
            return text.append(")").append(aliased()).toString();
        }

        int bindArrays(Sql.BoundArrays arrays, int index, List<T> rows) throws SQLException {
            for (Column<T> column : columns) {
                arrays.bind(index++, column.arrayType(), column.values(rows));
            }
            return index;
        }

        int bindValues(PreparedStatement statement, int index, List<T> rows) throws SQLException {
            for (T row : rows) {
                for (Column<T> column : columns) {
                    statement.setObject(index++, column.value().apply(row));
                }
            }
            return index;
        }
    }
}
