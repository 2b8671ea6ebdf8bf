package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.support.SqlSchemaNames;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements of the event store on the tables of one schema. Each method runs on the connection it is
 * given, in whatever transaction that connection is in.
 */
public final class EventTables {

    /** The longest retention a sweep tells apart (about 285,000 years): its microseconds still fit a long. */
    private static final long MAX_RETENTION_SECONDS = 9_000_000_000_000L;

    private final String lockPositions;
    private final RecordStatement record;
    private final String headPosition;
    private final String findIdempotency;
    private final String sweepIdempotency;
    private final String streamHead;
    private final String unpublished;
    private final String markPublished;
    private final String markPublishedThenUnpublished;
    private final String backlog;
    private final String acquireLease;
    private final String releaseLease;
    private final String eventsAtPositions;
    private final String readStream;
    private final String readStreamUntil;
    private final String readAll;

    /**
     * Prepares the statements for a schema.
     *
     * @param schema the schema, checked with {@link SqlSchemaNames#check}
     * @param claim  how appends claim positions: every process writing to the schema must claim them the same way
     */
    public EventTables(String schema, PositionClaim claim) {
        String s = SqlSchemaNames.check(schema);
        lockPositions = claim.lockStatement(s);
        record = new RecordStatement(s, claim);
        headPosition = "SELECT COALESCE(max(position), 0) FROM " + s + ".events";
        findIdempotency = "SELECT idempotency_key, request_hash, response, event_positions, created_at FROM " + s
                + ".idempotency_keys WHERE idempotency_key IN (";
        sweepIdempotency = "DELETE FROM " + s + ".idempotency_keys WHERE idempotency_key IN (SELECT idempotency_key"
                + " FROM " + s + ".idempotency_keys"
                + " WHERE created_at < now() - CAST(? AS INT8) * INTERVAL '1 microsecond' LIMIT ?)";
        streamHead = "(SELECT aggregate_id, stream_version, created_at FROM " + s
                + ".events WHERE aggregate_id = ? ORDER BY stream_version DESC LIMIT 1)";
        // the outbox is the events after the cursor: a range of the position index, no table of its own
        String cursor = "(SELECT published FROM " + s + ".outbox_cursor WHERE id = 1)";
        unpublished = "SELECT " + Sql.EVENT_COLUMNS + " FROM " + s + ".events WHERE position > " + cursor
                + " ORDER BY position LIMIT ?";
        // to the last event marked before the first event after the cursor that is not marked (positions may have
        // holes: the events after the cursor are read, not counted up from it); the marked ones are few and recent
        markPublished = "UPDATE " + s + ".outbox_cursor SET published = m.last FROM (SELECT max(marked.position) AS "
                + "last FROM unnest(CAST(? AS INT8[])) AS marked(position) WHERE marked.position < COALESCE(("
                + "SELECT e.position FROM " + s + ".events e WHERE e.position > " + cursor
                + " AND NOT e.position = ANY (CAST(? AS INT8[])) ORDER BY e.position LIMIT 1), " + Long.MAX_VALUE
                + ")) AS m WHERE id = 1 AND m.last > published";
        // the read sees the cursor as it was before the update of the same statement: it takes the moved one
        markPublishedThenUnpublished = "WITH moved AS (" + markPublished + " RETURNING published) SELECT "
                + Sql.EVENT_COLUMNS + " FROM " + s + ".events WHERE position > COALESCE((SELECT published FROM moved), "
                + cursor + ") ORDER BY position LIMIT ?";
        // a count of the position index after the cursor (positions may have holes), and the first event there
        backlog = "SELECT (SELECT count(*) FROM " + s + ".events WHERE position > " + cursor + "), "
                + "(SELECT created_at FROM " + s + ".events WHERE position > " + cursor + " ORDER BY position LIMIT 1)";
        // one statement: taken when free, renewed by its owner, taken over once expired on the database's clock
        acquireLease = "INSERT INTO " + s + ".leases AS held (name, owner, expires_at) "
                + "VALUES (?, ?, now() + CAST(? AS BIGINT) * INTERVAL '1 millisecond') "
                + "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at "
                + "WHERE held.owner = excluded.owner OR held.expires_at <= now() RETURNING owner";
        releaseLease = "DELETE FROM " + s + ".leases WHERE name = ? AND owner = ?";
        eventsAtPositions = "SELECT " + Sql.EVENT_COLUMNS + " FROM " + s
                + ".events WHERE position IN (";
        readStream = "SELECT " + Sql.EVENT_COLUMNS + " FROM " + s
                + ".events WHERE aggregate_id = ? AND stream_version BETWEEN ? AND ? ORDER BY stream_version";
        readStreamUntil = "SELECT " + Sql.EVENT_COLUMNS + " FROM " + s
                + ".events WHERE aggregate_id = ? AND stream_version BETWEEN ? AND ? AND created_at <= ? "
                + "ORDER BY stream_version";
        readAll = "SELECT " + Sql.EVENT_COLUMNS + " FROM " + s + ".events WHERE position > ?";
    }

    /**
     * A stored idempotency record: the key, hash and response, the positions of the events its append recorded
     * and the moment of that append.
     *
     * @param idempotency the key, request hash and response
     * @param positions   the positions of the recorded events, in the order of the append
     * @param createdAt   the moment of the append
     */
    public record IdempotencyRow(Idempotency idempotency, List<Long> positions, Instant createdAt) {
    }

    /** The version and last {@code created_at} of a stream; version 0 and no time for a new stream. */
    public record StreamHead(long version, Instant lastCreatedAt) {
        /** The head of a stream without events. */
        public static final StreamHead EMPTY = new StreamHead(0, null);
    }

    /**
     * Takes the lock of the position claim ({@link PositionClaim}), which the transaction holds until it ends:
     * appends run one at a time from here on, so what the transaction reads after this is not changed by another
     * append before it commits, and {@link #record} claims the next positions (taking the same lock again costs
     * nothing).
     *
     * @param connection the connection, in a transaction
     * @throws SQLException when the statement fails, or the positions table has no counter row
     */
    public void lockPositions(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lockPositions);
             ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the positions table has no counter row", "55000");
            }
        }
    }

    /**
     * Returns the last position of a committed event: the highest in the events table.
     *
     * @param connection the connection
     * @return the head position, 0 for an empty store
     * @throws SQLException when the statement fails
     */
    public long headPosition(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(headPosition);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /**
     * Looks up an idempotency key and the events its append recorded.
     *
     * @param connection the connection
     * @param key        the key
     * @return the remembered append, if the key is known
     * @throws SQLException when a statement fails
     */
    public Optional<IdempotentAppend> findIdempotentAppend(Connection connection, String key) throws SQLException {
        IdempotencyRow row = findIdempotency(connection, List.of(key)).get(key);
        return row == null ? Optional.empty() : Optional.of(rememberedAppend(connection, row));
    }

    /**
     * Looks up idempotency keys, in one statement.
     *
     * @param connection the connection
     * @param keys       the keys
     * @return the stored record of each known key
     * @throws SQLException when the statement fails
     */
    public Map<String, IdempotencyRow> findIdempotency(Connection connection, Collection<String> keys)
            throws SQLException {
        Map<String, IdempotencyRow> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                findIdempotency + Sql.placeholders(keys.size()) + ")")) {
            int p = 0;
            for (String key : keys) {
                statement.setString(++p, key);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1);
                    Array array = rows.getArray(4);
                    List<Long> positions = List.of(toLongs(array.getArray()));
                    array.free();
                    found.put(key, new IdempotencyRow(new Idempotency(key, rows.getString(2), rows.getString(3)),
                            positions, Sql.instant(rows, 5)));
                }
            }
        }
        return found;
    }

    /**
     * Returns the append a stored idempotency record remembers, with its events read back.
     *
     * @param connection the connection
     * @param row        the stored record
     * @return the remembered append
     * @throws SQLException when the statement fails
     */
    public IdempotentAppend rememberedAppend(Connection connection, IdempotencyRow row) throws SQLException {
        List<RecordedEvent> events = row.positions().isEmpty() ? List.of()
                : eventsAt(connection, row.positions());
        return new IdempotentAppend(row.idempotency(), row.createdAt(), events);
    }

    private static Long[] toLongs(Object array) {
        if (array instanceof Long[] longs) {
            return longs;
        }
        Object[] values = (Object[]) array;
        Long[] longs = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = ((Number) values[i]).longValue();
        }
        return longs;
    }

    private List<RecordedEvent> eventsAt(Connection connection, List<Long> positions) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                eventsAtPositions + Sql.placeholders(positions.size()) + ") ORDER BY position")) {
            bindPositions(statement, positions);
            return readEvents(statement, positions.size());
        }
    }

    private static void bindPositions(PreparedStatement statement, List<Long> positions) throws SQLException {
        for (int i = 0; i < positions.size(); i++) {
            statement.setLong(i + 1, positions.get(i));
        }
    }

    /**
     * Deletes up to {@code limit} idempotency records older than a retention on the database's clock.
     *
     * @param connection the connection, in a transaction
     * @param retention  how long a record is kept, zero or more; records created before the database's
     *                   {@code now()} minus it go
     * @param limit      the most records to delete
     * @return how many records were deleted
     * @throws SQLException when the statement fails
     */
    public int sweepIdempotency(Connection connection, Duration retention, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sweepIdempotency)) {
            statement.setLong(1, Math.min(retention.getSeconds(), MAX_RETENTION_SECONDS) * 1_000_000
                    + retention.getNano() / 1_000);
            statement.setInt(2, limit);
            return statement.executeUpdate();
        }
    }

    /**
     * Reads the version and last {@code created_at} of streams, in one statement.
     *
     * @param connection the connection
     * @param streamIds  the streams
     * @return the head of every given stream ({@link StreamHead#EMPTY} for a new one)
     * @throws SQLException when the statement fails
     */
    public Map<String, StreamHead> streamHeads(Connection connection, List<String> streamIds) throws SQLException {
        Map<String, StreamHead> heads = new HashMap<>();
        if (streamIds.isEmpty()) {
            return heads;
        }
        String sql = String.join(" UNION ALL ", Collections.nCopies(streamIds.size(), streamHead));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < streamIds.size(); i++) {
                statement.setString(i + 1, streamIds.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    heads.put(rows.getString(1), new StreamHead(rows.getLong(2), Sql.instant(rows, 3)));
                }
            }
        }
        for (String streamId : streamIds) {
            heads.putIfAbsent(streamId, StreamHead.EMPTY);
        }
        return heads;
    }

    /**
     * An idempotency record to keep with the events of its append.
     *
     * @param idempotency the key, request hash and response
     * @param firstEvent  the index, in the events {@link #record} records, of the append's first event
     * @param eventCount  how many events the append recorded (0 for an append that only remembers its key)
     * @param createdAt   the moment of the append
     */
    public record KeyToKeep(Idempotency idempotency, int firstEvent, int eventCount, Instant createdAt) {
    }

    /**
     * A stream head that {@link #record} assumes and checks before it writes anything: the stream's event at
     * {@code version} is recorded, with a {@code created_at} before {@code before}. Both facts, once true, stay
     * true (a recorded event never changes), so a check that passes cannot be made wrong by a later writer; that
     * the stream has no event after {@code version} is the {@code (aggregate_id, stream_version)} key's to guard.
     *
     * @param streamId the stream
     * @param version  the version the append expects, 1 or more
     * @param before   the moment of the append's first event on the stream, after its last event's
     */
    public record AssumedHead(String streamId, long version, Instant before) {
    }

    /** {@link #record} wrote nothing: an {@link AssumedHead} is not there (the stream is elsewhere, or its clock). */
    public static final class AssumedHeadMissing extends SQLException {

        private static final long serialVersionUID = 1L;

        AssumedHeadMissing(int assumed) {
            super("the events of this append were not recorded: of the " + assumed + " stream heads it assumed,"
                    + " one is not at its version, or was recorded at a later moment");
        }
    }

    /**
     * Records events in one statement, which may be the only one of its transaction (in auto-commit mode, one
     * round trip): it claims as many positions as there are events ({@link PositionClaim}: under a lock held until
     * the commit, so that positions are handed out in commit order), inserts the events at those positions, in the
     * order given (which puts them into the outbox, the events after its cursor), and inserts the idempotency
     * records with the positions of their events. The statement keeps a
     * generic plan: see {@link RecordStatement} for its two forms, by the size of the batch. The unique keys of
     * the tables are the last guards: an event id already recorded, a stream version already taken or a known
     * idempotency key fails the whole statement. Before any of that, the
     * statement checks the heads it is told to assume (in the claim: when one is missing, no position is claimed
     * and nothing is inserted).
     *
     * <p>The events come back as stored: {@code jsonb} keeps JSON in a binary form, so the data and metadata
     * read back may differ from the text sent in whitespace and key order (never in meaning). Answering the
     * stored form makes the answer of an append equal to every later read of the same events, replays included.
     *
     * @param connection the connection, in a transaction or in auto-commit mode
     * @param events     the events, their positions ignored (they get the next ones, in this order)
     * @param keys       the idempotency records to keep
     * @param assumed    the stream heads to check first (none when the transaction read them under the claim's
     *                   lock)
     * @return the events as stored, with their positions, in the given order
     * @throws AssumedHeadMissing when an assumed head is not there; nothing is written
     * @throws SQLException when the statement fails, such as on a unique violation
     */
    public List<RecordedEvent> record(Connection connection, List<RecordedEvent> events, List<KeyToKeep> keys,
                                      List<AssumedHead> assumed) throws SQLException {
        try (RecordStatement.Bound bound = record.bind(connection, assumed, events, keys)) {
            return stored(bound.statement(), events, assumed.size());
        }
    }

    /**
     * Reads what {@link #record} returns: each recorded event's position and JSON, and, in some forms of the
     * statement, the position before the claimed ones in a row without JSON; no row at all when nothing was claimed.
     */
    private static List<RecordedEvent> stored(PreparedStatement statement, List<RecordedEvent> events, int assumed)
            throws SQLException {
        long before = Long.MAX_VALUE;
        List<StoredJson> stored = new ArrayList<>(events.size());
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                long position = rows.getLong(1);
                String data = rows.getString(2);
                if (data == null) {
                    before = Math.min(before, position);
                } else {
                    before = Math.min(before, position - 1);
                    stored.add(new StoredJson(position, data, rows.getString(3)));
                }
            }
        }
        if (before == Long.MAX_VALUE) {
            if (assumed > 0) {
                throw new AssumedHeadMissing(assumed);
            }
            throw new SQLException("the positions table has no counter row", "55000");
        }
        StoredJson[] json = new StoredJson[events.size()];
        for (StoredJson row : stored) {
            long index = row.position() - before - 1;
            if (index < json.length) {
                json[(int) index] = row;
            }
        }
        List<RecordedEvent> result = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent event = events.get(i);
            if (json[i] == null) {
                throw new SQLException("the insert did not return the event at position " + (before + i + 1), "XX000");
            }
            result.add(new RecordedEvent(before + i + 1, event.eventId(), event.aggregateId(), event.aggregateType(),
                    event.eventType(), event.eventVersion(), event.streamVersion(), json[i].data(), json[i].metadata(),
                    event.createdAt()));
        }
        return result;
    }

    /** An event's position and JSON as the statement of {@link #record} returns them. */
    private record StoredJson(long position, String data, String metadata) {
    }

    /**
     * Reads the oldest events of the outbox: those after the cursor.
     *
     * @param connection the connection
     * @param limit      the most events to read
     * @return up to {@code limit} events, in position order
     * @throws SQLException when the statement fails
     */
    public List<RecordedEvent> unpublished(Connection connection, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(unpublished)) {
            statement.setInt(1, limit);
            return readEvents(statement, Math.min(limit, 512));
        }
    }

    /**
     * Moves the outbox cursor over events published: over every event after it up to the first one not among
     * them (holes in the positions, where no event is, do not stop it). Positions at or before the cursor are
     * published already; events marked after one that is not stay in the outbox (published again later; the bus
     * drops the copy).
     *
     * @param connection the connection
     * @param positions  the positions of the events published
     * @throws SQLException when the statement fails
     */
    public void markPublished(Connection connection, List<Long> positions) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(markPublished);
             Sql.BoundArrays arrays = new Sql.BoundArrays(connection, statement)) {
            bindMarked(arrays, 1, positions);
            statement.executeUpdate();
        }
    }

    /**
     * Moves the outbox cursor like {@link #markPublished} and reads the oldest events after it, in one statement.
     *
     * @param connection the connection
     * @param positions  the positions of the events published
     * @param limit      the most events to read
     * @return up to {@code limit} events, in position order
     * @throws SQLException when the statement fails
     */
    public List<RecordedEvent> markPublishedThenUnpublished(Connection connection, List<Long> positions, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(markPublishedThenUnpublished);
             Sql.BoundArrays arrays = new Sql.BoundArrays(connection, statement)) {
            bindMarked(arrays, 1, positions);
            statement.setInt(3, limit);
            return readEvents(statement, Math.min(limit, 512));
        }
    }

    /** Binds the positions marked, twice: the statement reads them as rows, and as a list to skip. */
    private static void bindMarked(Sql.BoundArrays arrays, int index, List<Long> positions) throws SQLException {
        Long[] marked = positions.toArray(new Long[0]);
        arrays.bind(index, "int8", marked);
        arrays.bind(index + 1, "int8", marked);
    }

    /**
     * Counts the events of the outbox (those after the cursor) and reads when the oldest of them (the first after
     * the cursor) was recorded, in one statement: a count of the position index's range after the cursor (positions
     * may have holes), so its time grows with the backlog (about a second for millions of events).
     *
     * @param connection the connection
     * @return the backlog
     * @throws SQLException when the statement fails
     */
    public OutboxBacklog backlog(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(backlog);
             ResultSet row = statement.executeQuery()) {
            long events = row.next() ? row.getLong(1) : 0;
            // both reads see the statement's snapshot: when it counts events, the first of them is there
            return events == 0 ? OutboxBacklog.EMPTY : new OutboxBacklog(events, Optional.of(Sql.instant(row, 2)));
        }
    }

    /**
     * Takes a lease, renews it, or takes it over once it has expired, in one statement; expiry is measured on
     * the database's clock ({@code now()}). Run it in auto-commit mode: {@code now()} is the start of the
     * transaction, which is then the statement's.
     *
     * @param connection the connection, in auto-commit mode
     * @param name       the lease
     * @param owner      who takes it
     * @param ttlMillis  its time to live, in milliseconds
     * @return {@code true} when {@code owner} holds the lease now; {@code false} when another owner does
     * @throws SQLException when the statement fails
     */
    public boolean acquireLease(Connection connection, String name, String owner, long ttlMillis)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(acquireLease)) {
            statement.setString(1, name);
            statement.setString(2, owner);
            statement.setLong(3, ttlMillis);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Gives a lease up, when {@code owner} holds it (or held it and nobody took it over since).
     *
     * @param connection the connection, in auto-commit mode
     * @param name       the lease
     * @param owner      its owner
     * @return how many rows were deleted, 0 or 1
     * @throws SQLException when the statement fails
     */
    public int releaseLease(Connection connection, String name, String owner) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(releaseLease)) {
            statement.setString(1, name);
            statement.setString(2, owner);
            return statement.executeUpdate();
        }
    }

    /**
     * Reads events of a stream in version order.
     *
     * @param connection the connection
     * @param streamId   the stream
     * @param range      the versions and latest time
     * @return the events
     * @throws SQLException when the statement fails
     */
    public List<RecordedEvent> readStream(Connection connection, String streamId, StreamRange range)
            throws SQLException {
        if (range.toVersion() < range.fromVersion()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                range.until().isPresent() ? readStreamUntil : readStream)) {
            statement.setString(1, streamId);
            statement.setLong(2, range.fromVersion());
            statement.setLong(3, range.toVersion());
            if (range.until().isPresent()) {
                Sql.setBound(statement, 4, range.until().get());
            }
            return readEvents(statement, 16);
        }
    }

    /**
     * Reads up to {@code limit + 1} events of the global log after a position, with the query's filters; the
     * extra event tells whether another page follows.
     *
     * @param connection the connection
     * @param query      the query
     * @return up to {@code query.limit() + 1} events in position order
     * @throws SQLException when the statement fails
     */
    public List<RecordedEvent> readAll(Connection connection, GlobalLogQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder(readAll);
        if (query.streamId().isPresent()) {
            sql.append(" AND aggregate_id = ?");
        }
        if (!query.eventTypes().isEmpty()) {
            sql.append(" AND event_type IN (").append(Sql.placeholders(query.eventTypes().size())).append(')');
        }
        sql.append(" ORDER BY position LIMIT ?");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int p = 0;
            statement.setLong(++p, query.afterPosition());
            if (query.streamId().isPresent()) {
                statement.setString(++p, query.streamId().get());
            }
            for (String type : query.eventTypes()) {
                statement.setString(++p, type);
            }
            statement.setInt(++p, query.limit() + 1);
            return readEvents(statement, Math.min(query.limit() + 1, 512));
        }
    }

    private static List<RecordedEvent> readEvents(PreparedStatement statement, int expected) throws SQLException {
        List<RecordedEvent> events = new ArrayList<>(expected);
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                events.add(Sql.event(rows));
            }
        }
        return events;
    }
}
