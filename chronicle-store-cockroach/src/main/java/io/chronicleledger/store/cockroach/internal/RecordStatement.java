package io.chronicleledger.store.cockroach.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The heads a batch assumes: {@link EventTables.AssumedHead}. */
    static final RowSet HEADS = new RowSet("h",
            "aggregate_id", "TEXT", "stream_version", "INT8", "before", "TIMESTAMPTZ");
    /** The events, numbered by {@code ord} from 1 in the order given. */
    static final RowSet EVENTS = new RowSet("e",
            "event_id", "UUID", "aggregate_id", "TEXT", "aggregate_type", "TEXT", "event_type", "TEXT",
            "event_version", "INT4", "stream_version", "INT8", "event_data", "TEXT", "metadata", "TEXT",
            "created_at", "TIMESTAMPTZ");
    /** The idempotency records: {@link EventTables.KeyToKeep}. */
    static final RowSet KEYS = new RowSet("k",
            "idempotency_key", "TEXT", "request_hash", "TEXT", "response", "TEXT", "first_event", "INT4",
            "event_count", "INT4", "created_at", "TIMESTAMPTZ");

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
     * Runs the statement for a batch given as columns: {@code heads}, {@code events} and {@code keys} hold one
     * array per column of {@link #HEADS}, {@link #EVENTS} and {@link #KEYS}, each with one element per row.
     *
     * @param connection the connection
     * @param heads      the assumed heads, by column
     * @param events     the events, by column
     * @param keys       the idempotency records, by column
     * @return the prepared statement, bound and ready to execute; the caller closes it
     * @throws SQLException when it cannot be prepared or bound
     */
    Bound bind(Connection connection, Object[][] heads, Object[][] events, Object[][] keys) throws SQLException {
        int a = heads[0].length;
        int n = events[0].length;
        int k = keys[0].length;
        boolean values = a <= MOST_VALUES_ROWS && n <= MOST_VALUES_ROWS && k <= MOST_VALUES_ROWS;
        String sql = values ? withValues.computeIfAbsent((a * 10 + n) * 10 + k, shape -> text(
                HEADS.asValues(a), EVENTS.asValues(n), KEYS.asValues(k), RECORDED_POSITIONS)) : withArrays;
        PreparedStatement statement = connection.prepareStatement(sql);
        Sql.BoundArrays arrays = new Sql.BoundArrays(connection, statement);
        Bound bound = new Bound(statement, arrays);
        try {
            int index = 1;
            statement.setLong(index++, n);
            index = values ? HEADS.bindValues(statement, index, heads) : HEADS.bindArrays(arrays, index, heads);
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

    /**
     * Rows of named, typed columns, written into the statement as a source of rows with an ordinal {@code ord}
     * from 1: as the {@code unnest} of one array per column, or as a {@code VALUES} list of so many rows.
     */
    static final class RowSet {

        private final String alias;
        private final List<String> names;
        private final List<String> types;

        RowSet(String alias, String... namesAndTypes) {
            this.alias = alias;
            String[] names = new String[namesAndTypes.length / 2];
            String[] types = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = namesAndTypes[2 * i];
                types[i] = namesAndTypes[2 * i + 1];
            }
            this.names = List.of(names);
            this.types = List.of(types);
        }

        /**
         * Empty columns for so many rows, each an array of the Java type its SQL type binds from (moments as
         * text): the driver encodes a typed array as such, an {@code Object[]} only through its elements' text.
         */
        Object[][] columns(int rows) {
            Object[][] columns = new Object[types.size()][];
            for (int c = 0; c < columns.length; c++) {
                switch (types.get(c)) {
                    case "UUID" -> columns[c] = new UUID[rows];
                    case "INT4" -> columns[c] = new Integer[rows];
                    case "INT8" -> columns[c] = new Long[rows];
                    default -> columns[c] = new String[rows];
                }
            }
            return columns;
        }

        private String aliased() {
            return " AS " + alias + "(" + String.join(", ", names) + ", ord)";
        }

        String asArrays() {
            StringBuilder text = new StringBuilder("unnest(");
            for (int c = 0; c < types.size(); c++) {
                text.append(c == 0 ? "" : ", ").append("CAST(? AS ").append(types.get(c)).append("[])");
            }
            return text.append(") WITH ORDINALITY").append(aliased()).toString();
        }

        String asValues(int rows) {
            StringBuilder text = new StringBuilder("(");
            if (rows == 0) { // VALUES needs a row: no rows is a query that returns none, of the same types
                text.append("SELECT ");
                for (String type : types) {
                    text.append("CAST(NULL AS ").append(type).append("), ");
                }
                return text.append("CAST(NULL AS INT8) WHERE FALSE)").append(aliased()).toString();
            }
            text.append("VALUES ");
            for (int r = 1; r <= rows; r++) {
                text.append(r == 1 ? "(" : ", (");
                for (String type : types) {
                    text.append("CAST(? AS ").append(type).append("), ");
                }
                text.append("CAST(").append(r).append(" AS INT8))");
            }
            return text.append(")").append(aliased()).toString();
        }

        int bindArrays(Sql.BoundArrays arrays, int index, Object[][] columns) throws SQLException {
            for (int c = 0; c < types.size(); c++) {
                String type = types.get(c);
                // moments travel as text (Sql.timestamp), which the statement casts
                arrays.bind(index++, type.equals("TIMESTAMPTZ") ? "text" : type.toLowerCase(Locale.ROOT), columns[c]);
            }
            return index;
        }

        int bindValues(PreparedStatement statement, int index, Object[][] columns) throws SQLException {
            for (int r = 0; r < columns[0].length; r++) {
                for (Object[] column : columns) {
                    statement.setObject(index++, column[r]);
                }
            }
            return index;
        }
    }
}
