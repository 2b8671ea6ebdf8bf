package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.core.store.RecordedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The text and parameters of the statement that records a batch (see {@link EventTables#record}), in one of two
 * forms that do the same thing:
 * <ul>
 *   <li><b>values</b>, for a small batch: each value is a parameter of its own, each row a {@code SELECT} of
 *   them, and an idempotency record's positions are written out in the text. So the text depends on the shape
 *   of the batch (how many assumed heads and events, which events each idempotency record covers; at most
 *   {@value #MOST_VALUES_ROWS} rows of each kind), one text per shape, each prepared once per connection. A
 *   part with no rows (no assumed head, no idempotency record) is left out.</li>
 *   <li><b>arrays</b>, for any larger batch: each column is one array parameter, the rows its {@code unnest}. The
 *   text is the same for every size.</li>
 * </ul>
 * Both keep a generic plan, prepared once. The values form exists because the common batch is one append of one
 * or two events, where the database's work on the statement itself is a large part of the whole: parsing twenty
 * array literals, reading a {@code VALUES} list through a subquery, a subquery per idempotency record for its
 * positions, joining the answer with the claim each cost a few percent of a one-row insert. On PostgreSQL 15 with
 * one writer (2026-12-04, {@code AppendBenchmark} interleaved with the one-row insert of
 * {@code JdbcBaselineBenchmark}): an append of one event with its idempotency record took 2.14 times the insert
 * with {@code VALUES} lists and a positions subquery, 1.96 times as it is now. The arrays form costs more still
 * for one event (an earlier probe: arrays 1.55 times the insert where {@code VALUES} lists took 1.29), and
 * {@code pgbench} puts the two inserts alone, without the counter, at about 1.5 times.
 */
final class RecordStatement {

    /** The most rows of each kind (events, idempotency records, assumed heads) a values form takes. */
    static final int MOST_VALUES_ROWS = 4;

    /** The number of events of the arrays form's text: not written out, a parameter. */
    private static final int ARRAYS = -1;

    /** The heads a batch assumes. */
    private static final RowSet<EventTables.AssumedHead> HEADS = new RowSet<>("h", List.of(
            text("aggregate_id", EventTables.AssumedHead::streamId),
            new Column<>("stream_version", "INT8", null, EventTables.AssumedHead::version),
            moment("before", EventTables.AssumedHead::before)));

    /** The events, numbered by {@code ord} from 1 in the order given; their position is the claim's before plus it. */
    private static final RowSet<RecordedEvent> EVENTS = new RowSet<>("e", List.of(
            new Column<>("event_id", "UUID", null, RecordedEvent::eventId),
            text("aggregate_id", RecordedEvent::aggregateId),
            text("aggregate_type", RecordedEvent::aggregateType),
            text("event_type", RecordedEvent::eventType),
            new Column<>("event_version", "INT4", null, RecordedEvent::eventVersion),
            new Column<>("stream_version", "INT8", null, RecordedEvent::streamVersion),
            json("event_data", RecordedEvent::data),
            json("metadata", RecordedEvent::metadata),
            moment("created_at", RecordedEvent::createdAt)));

    /** An idempotency record's own columns; its positions are computed in the statement. */
    private static final List<Column<EventTables.KeyToKeep>> KEY_COLUMNS = List.of(
            text("idempotency_key", key -> key.idempotency().key()),
            text("request_hash", key -> key.idempotency().requestHash()),
            text("response", key -> key.idempotency().response()),
            moment("created_at", EventTables.KeyToKeep::createdAt));

    /** The idempotency records of the values form: their positions are in the text. */
    private static final RowSet<EventTables.KeyToKeep> KEYS = new RowSet<>("k", KEY_COLUMNS);

    /** The idempotency records of the arrays form, with which of the batch's events each covers. */
    private static final RowSet<EventTables.KeyToKeep> KEYS_WITH_EVENTS = new RowSet<>("k",
            Stream.concat(KEY_COLUMNS.stream(), Stream.of(
                    new Column<>("first_event", "INT4", null, EventTables.KeyToKeep::firstEvent),
                    new Column<>("event_count", "INT4", null, EventTables.KeyToKeep::eventCount))).toList());

    /**
     * An idempotency record's positions in the arrays form, from the claim's {@code before}, the index of its first
     * event and their count: written out for a record of one event (most are: an append of one event), generated for
     * more (a generic plan estimates the count as a custom one does there). The {@code CASE} runs the subquery only
     * for the others: at 16 writers it saved about 5 % of the database's CPU per append (six interleaved pairs of
     * {@code AppendCost} runs; each pair alone is inside the noise).
     */
    private static final String GENERATED_POSITIONS = "CASE WHEN k.event_count = 1 "
            + "THEN ARRAY[c.before + k.first_event + 1] "
            + "ELSE ARRAY(SELECT c.before + k.first_event + g "
            + "FROM generate_series(1, k.event_count) AS g ORDER BY g) END";

    /**
     * The answer with the events: each inserted event's position and JSON as stored. The claim's {@code before} is
     * the first position less one. Read from the insert alone, it costs the database less than a join with the
     * claim (about 4 % of an append of one event on PostgreSQL 15).
     */
    private static final String RECORDED_EVENTS = "SELECT position, event_data, metadata FROM recorded";

    /** The answer without events: the claim's {@code before}, with no JSON. */
    private static final String CLAIMED_POSITIONS = "SELECT before, CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM claimed";

    private final String schema;
    private final PositionClaim claim;
    private final String withArrays;
    private final ConcurrentHashMap<String, String> withValues = new ConcurrentHashMap<>();

    RecordStatement(String schema, PositionClaim claim) {
        this.schema = schema;
        this.claim = claim;
        this.withArrays = arraysText();
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
        boolean values = assumed.size() <= MOST_VALUES_ROWS && events.size() <= MOST_VALUES_ROWS
                && keys.size() <= MOST_VALUES_ROWS;
        String sql = values
                ? withValues.computeIfAbsent(shape(assumed.size(), events.size(), keys),
                        shape -> valuesText(assumed.size(), events.size(), keys))
                : withArrays;
        PreparedStatement statement = connection.prepareStatement(sql);
        Sql.BoundArrays arrays = new Sql.BoundArrays(connection, statement);
        Bound bound = new Bound(statement, arrays);
        try {
            int index = bindEventCount(statement, 1, events.size(), values, true);
            index = values ? HEADS.bindValues(statement, index, assumed) : HEADS.bindArrays(arrays, index, assumed);
            index = bindEventCount(statement, index, events.size(), values, false);
            index = values ? EVENTS.bindValues(statement, index, events) : EVENTS.bindArrays(arrays, index, events);
            if (values) {
                KEYS.bindValues(statement, index, keys);
            } else {
                KEYS_WITH_EVENTS.bindArrays(arrays, index, keys);
            }
            return bound;
        } catch (SQLException | RuntimeException e) {
            bound.close();
            throw e;
        }
    }

    /**
     * Binds the number of events where the claim's text takes it as a parameter: the counter's twice, before and
     * after the check of the assumed heads; the sequence's twice before it, in the arrays form only (the values form
     * writes the number out).
     */
    private int bindEventCount(PreparedStatement statement, int index, int events, boolean values, boolean beforeHeads)
            throws SQLException {
        int parameters = switch (claim) {
            case COUNTER_ROW -> 1;
            case SEQUENCE -> values || !beforeHeads ? 0 : 2;
        };
        for (int i = 0; i < parameters; i++) {
            statement.setLong(index++, events);
        }
        return index;
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

    /** What makes the values form's text of a batch: the counts, and the events of each idempotency record. */
    private static String shape(int heads, int events, List<EventTables.KeyToKeep> keys) {
        StringBuilder shape = new StringBuilder().append(heads).append('/').append(events);
        for (EventTables.KeyToKeep key : keys) {
            shape.append('/').append(key.firstEvent()).append('+').append(key.eventCount());
        }
        return shape.toString();
    }

    private String arraysText() {
        String s = schema;
        return text(HEADS.asArrays(), ARRAYS,
                "INSERT INTO " + s + ".events (position, " + EVENTS.names() + ") SELECT c.before + e.ord, "
                        + EVENTS.storedFrom("e.") + " FROM claimed c, " + EVENTS.asArrays(),
                "INSERT INTO " + s + ".idempotency_keys (" + KEYS.names() + ", event_positions) SELECT "
                        + KEYS.storedFrom("k.") + ", " + GENERATED_POSITIONS + " FROM claimed c, "
                        + KEYS_WITH_EVENTS.asArrays(),
                RECORDED_EVENTS + " UNION ALL " + CLAIMED_POSITIONS);
    }

    private String valuesText(int heads, int events, List<EventTables.KeyToKeep> keys) {
        String s = schema;
        List<String> eventRows = new ArrayList<>(events);
        for (int ord = 1; ord <= events; ord++) {
            eventRows.add("c.before + " + ord + ", " + EVENTS.storedParameters());
        }
        List<String> keyRows = new ArrayList<>(keys.size());
        for (EventTables.KeyToKeep key : keys) {
            keyRows.add(KEYS.storedParameters() + ", " + positions(key));
        }
        return text(heads == 0 ? null : HEADS.asValues(heads), events,
                events == 0 ? null : "INSERT INTO " + s + ".events (position, " + EVENTS.names() + ") "
                        + rowsOfClaimed(eventRows),
                keys.isEmpty() ? null : "INSERT INTO " + s + ".idempotency_keys (" + KEYS.names()
                        + ", event_positions) " + rowsOfClaimed(keyRows),
                events == 0 ? CLAIMED_POSITIONS : RECORDED_EVENTS);
    }

    /** An idempotency record's positions, written out: those after the claim's before that its events take. */
    private static String positions(EventTables.KeyToKeep key) {
        if (key.eventCount() == 0) {
            return "CAST(ARRAY[] AS INT8[])";
        }
        StringBuilder array = new StringBuilder("ARRAY[");
        for (int i = 1; i <= key.eventCount(); i++) {
            array.append(i == 1 ? "" : ", ").append("c.before + ").append(key.firstEvent() + i);
        }
        return array.append(']').toString();
    }

    /** One {@code SELECT} per row, each from the claim: no row at all when the claim made none. */
    private static String rowsOfClaimed(List<String> rows) {
        return "SELECT " + String.join(" FROM claimed c UNION ALL SELECT ", rows) + " FROM claimed c";
    }

    /**
     * The statement. The claim of positions comes first (the inserts read its result), and every row's position is
     * the claim's {@code before} (the position before the first claimed) plus the row's ordinal. The claim checks
     * the assumed heads, if any: when one is missing, it claims nothing, nothing is inserted and the statement
     * returns no row. The check of an assumed head looks its event up by the stream and version alone, so that the
     * unique key's index finds it (with {@code created_at} in the lookup, a generic plan took the stream's
     * {@code created_at} index and scanned every event of the stream before the moment). It reads the statement's
     * snapshot; should the claim wait for its lock, the rows it found are still there when the lock comes.
     *
     * @param heads  the assumed heads, as a source of rows; {@code null} for none (no check)
     * @param count  the number of events, or {@link #ARRAYS} when the text takes it as a parameter
     * @param events the insert of the events; {@code null} for none
     * @param keys   the insert of the idempotency records; {@code null} for none
     * @param answer what the statement returns: {@link #RECORDED_EVENTS}, {@link #CLAIMED_POSITIONS} or both
     */
    private String text(String heads, int count, String events, String keys, String answer) {
        String check = heads == null ? null : "NOT EXISTS (SELECT 1 FROM " + heads + " WHERE NOT COALESCE(("
                + "SELECT e.created_at < h.before FROM " + schema + ".events e "
                + "WHERE e.aggregate_id = h.aggregate_id AND e.stream_version = h.stream_version), FALSE))";
        StringBuilder text = new StringBuilder("WITH ").append(claimed(check, count));
        if (events != null) {
            text.append(", recorded AS (").append(events)
                    .append(" RETURNING position, event_data::TEXT AS event_data, metadata::TEXT AS metadata)");
        }
        if (keys != null) {
            // CockroachDB refuses a data-modifying WITH without RETURNING, even when nothing reads it
            text.append(", kept AS (").append(keys).append(" RETURNING idempotency_key)");
        }
        return text.append(' ').append(answer).toString();
    }

    /**
     * The claim: a {@code claimed} row whose {@code before} is the position before the first one claimed, or no row
     * when the check fails. The counter's {@code UPDATE} (its row locked until the commit) returns its old value.
     * The sequence's claim takes the advisory lock first (a {@code WITH} of a volatile function is run once, before
     * the claim reads its row) and then one value of the sequence, or for several events moves the sequence over
     * them all ({@code setval} is written to the WAL each time; {@code nextval} once in 32 calls): no other append
     * calls either while the lock is held, so the values are consecutive. The check, a one-time filter, runs before
     * the lock is taken: an append that fails it claims nothing and waits for nobody.
     */
    private String claimed(String check, int count) {
        String s = schema;
        if (claim == PositionClaim.COUNTER_ROW) {
            return "claimed AS (UPDATE " + s + ".positions SET last = last + CAST(? AS BIGINT) WHERE id = 1"
                    + (check == null ? "" : " AND " + check) + " RETURNING last - CAST(? AS BIGINT) AS before)";
        }
        String sequence = "'" + PositionClaim.sequence(s) + "'";
        String before = switch (count) {
            case ARRAYS -> "setval(" + sequence + ", nextval(" + sequence + ") + CAST(? AS BIGINT) - 1) "
                    + "- CAST(? AS BIGINT)";
            case 0 -> "CAST(0 AS BIGINT)";
            case 1 -> "nextval(" + sequence + ") - 1";
            default -> "setval(" + sequence + ", nextval(" + sequence + ") + " + (count - 1) + ") - " + count;
        };
        return "locked AS (SELECT " + PositionClaim.advisoryLock(s) + "), claimed AS (SELECT " + before
                + " AS before FROM locked" + (check == null ? "" : " WHERE " + check) + ")";
    }

    private static <T> Column<T> text(String name, Function<T, String> value) {
        return new Column<>(name, "TEXT", null, value);
    }

    /** JSON travels as text, which the statement casts to the column's {@code JSONB}. */
    private static <T> Column<T> json(String name, Function<T, String> value) {
        return new Column<>(name, "TEXT", "JSONB", value);
    }

    /** A moment travels as text ({@link Sql#timestamp}), which the statement casts. */
    private static <T> Column<T> moment(String name, Function<T, Instant> value) {
        return new Column<>(name, "TIMESTAMPTZ", null, row -> Sql.timestamp(value.apply(row)));
    }

    /**
     * A column of a row set: its name, its SQL type and how a row gives its value.
     *
     * @param name     the column's name in the statement and in its table
     * @param type     its SQL type as a parameter: {@code TEXT}, {@code TIMESTAMPTZ} (bound as text),
     *                 {@code UUID}, {@code INT4} or {@code INT8}
     * @param storedAs the type the table stores it as, when the value is cast to it ({@code JSONB}); else
     *                 {@code null}
     * @param value    the value of a row
     * @param <T>      the row
     */
    private record Column<T>(String name, String type, String storedAs, Function<T, ?> value) {

        /** The element type of the column's array parameter. */
        String arrayType() {
            return type.equals("TIMESTAMPTZ") ? "text" : type.toLowerCase(Locale.ROOT);
        }

        /** The value as stored, from an expression of the column's type. */
        String stored(String expression) {
            return storedAs == null ? expression : "CAST(" + expression + " AS " + storedAs + ")";
        }

        /** A parameter of the column's type. */
        String parameter() {
            return "CAST(? AS " + type + ")";
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
     * Rows of named, typed columns: written into the statement as the {@code unnest} of one array per column
     * (with an ordinal {@code ord} from 1), as a {@code VALUES} list of so many rows, or as one row's parameters.
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

        /** The columns' names, for an insert's column list. */
        String names() {
            return join(Column::name);
        }

        /** The columns as stored, from the row source's columns ({@code prefix} is its alias and a dot). */
        String storedFrom(String prefix) {
            return join(column -> column.stored(prefix + column.name()));
        }

        /** The columns as stored, each from a parameter of its own: one row of the values form. */
        String storedParameters() {
            return join(column -> column.stored(column.parameter()));
        }

        private String join(Function<Column<T>, String> part) {
            StringBuilder text = new StringBuilder();
            for (Column<T> column : columns) {
                text.append(text.length() == 0 ? "" : ", ").append(part.apply(column));
            }
            return text.toString();
        }

        private String aliased() {
            return " AS " + alias + "(" + names() + ", ord)";
        }

        String asArrays() {
            return "unnest(" + join(column -> "CAST(? AS " + column.type() + "[])") + ") WITH ORDINALITY" + aliased();
        }

        String asValues(int rows) {
            StringBuilder text = new StringBuilder("(VALUES ");
            for (int r = 1; r <= rows; r++) {
                text.append(r == 1 ? "(" : ", (").append(join(Column::parameter))
                        .append(", CAST(").append(r).append(" AS INT8))");
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
