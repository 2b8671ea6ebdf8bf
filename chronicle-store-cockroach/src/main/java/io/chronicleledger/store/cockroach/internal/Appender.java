package io.chronicleledger.store.cockroach.internal;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.support.BoundedCache;
import io.chronicleledger.core.support.RecordedEvents;
import io.chronicleledger.core.support.StreamTimestamps;
import io.chronicleledger.store.cockroach.internal.EventTables.IdempotencyRow;
import io.chronicleledger.store.cockroach.internal.EventTables.StreamHead;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides and writes appends, one or a batch of them at a time, each with its own answer, in one of two ways.
 *
 * <h2>In one statement, without reading first</h2>
 * The appender remembers the head (version and last {@code created_at}) of the streams it recorded to or read
 * last. A version of a stream, once recorded, never changes, so a remembered head is a fact about the past: the
 * stream has at least that version. {@link #decideWithoutReading} decides a batch without reading anything: a
 * stream remembered at the version its append expects is taken at that head, a stream expected new as new, and
 * any other stream is assumed at the version its append expects, which the statement checks before it writes
 * (the event at that version is recorded, earlier than the append's moment: an {@link EventTables.AssumedHead}).
 * It assumes too that no stream has moved past those heads and that the idempotency keys are new; {@link #record}
 * then writes the batch in one statement, which may be its whole transaction (one round trip). If an assumption
 * was wrong, nothing is written: a unique key fails the statement (a stream version already taken, a known
 * idempotency key), or the check of an assumed head does. The caller then runs the batch the other way. A
 * stream remembered at a later version than expected is a conflict: that batch is not decided this way.
 *
 * <h2>In a transaction that reads first</h2>
 * {@link #append} first takes the lock of the position claim: from then on no other append runs, so what the
 * transaction reads next is what it writes on. It reads the known idempotency keys and the heads of the
 * streams it does not remember (one statement each), then decides the requests in order, as if each ran alone
 * after the ones before it: a known key answers {@link AppendResult.Replayed} or
 * {@link AppendResult.IdempotencyKeyReused}; a stream not at its expected version (counting the events of
 * earlier requests of the batch) answers {@link AppendResult.VersionConflict}; anything else is recorded, with
 * the same statement as above. Positions are claimed only for the events recorded, so this way leaves no hole.
 */
public final class Appender {

    /** How many stream heads an appender remembers at most. */
    public static final int REMEMBERED_HEADS = 10_000;

    private final EventTables tables;
    private final Clock clock;
    private final BoundedCache<String, StreamHead> rememberedHeads = new BoundedCache<>(REMEMBERED_HEADS);

    /**
     * Creates an appender.
     *
     * @param tables the statements of the store's schema
     * @param clock  the clock {@code created_at} is read from
     */
    public Appender(EventTables tables, Clock clock) {
        this.tables = tables;
        this.clock = clock;
    }

    /**
     * The answers of a transaction's appends, and the heads of the streams they recorded to, for
     * {@link #committed}.
     *
     * @param answers one answer per request, in the order of the requests
     * @param heads   the head of every stream an append of the transaction recorded events to
     */
    public record Outcome(List<AppendResult> answers, Map<String, StreamHead> heads) {
    }

    /**
     * A decided batch, for {@link #record}: what each request records, the heads after, and the heads the
     * statement checks first.
     */
    public static final class Decided {

        private final Decisions decisions;
        private final Map<String, StreamHead> heads;
        private final List<EventTables.AssumedHead> assumed;

        private Decided(Decisions decisions, Map<String, StreamHead> heads, List<EventTables.AssumedHead> assumed) {
            this.decisions = decisions;
            this.heads = heads;
            this.assumed = assumed;
        }
    }

    /**
     * Decides a batch without reading the database, when it can: no stream of it is remembered at a later version
     * than its first append in the batch expects, and every request records its events (no refusal, no key used
     * twice in the batch). Streams not remembered at the expected version are assumed at it, and checked by
     * {@link #record}.
     *
     * @param requests the requests, in the order they are decided
     * @return the decisions, or empty when the batch must run through {@link #append}
     */
    public Optional<Decided> decideWithoutReading(List<AppendRequest> requests) {
        Map<String, StreamHead> heads = new HashMap<>();
        Map<String, Assumption> assumptions = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            for (StreamAppend stream : requests.get(i).streams()) {
                String streamId = stream.streamId();
                if (heads.containsKey(streamId)) {
                    continue; // an earlier request of the batch decides on it
                }
                long expected = stream.expectedVersion();
                StreamHead head = rememberedHeads.get(streamId);
                if (head != null && head.version() > expected) {
                    return Optional.empty(); // a conflict, answered the way that reads
                }
                if (head != null && head.version() == expected) {
                    heads.put(streamId, head);
                } else if (expected == StreamAppend.NO_STREAM) {
                    heads.put(streamId, StreamHead.EMPTY);
                } else {
                    heads.put(streamId, new StreamHead(expected, null));
                    assumptions.put(streamId, new Assumption(i, expected));
                }
            }
        }
        Decisions decisions = decideAll(requests, Map.of(), heads);
        if (!decisions.recordsEveryRequest()) {
            return Optional.empty();
        }
        List<EventTables.AssumedHead> assumed = new ArrayList<>(assumptions.size());
        assumptions.forEach((streamId, assumption) -> assumed.add(new EventTables.AssumedHead(streamId,
                assumption.version(), decisions.moments[assumption.request()])));
        return Optional.of(new Decided(decisions, heads, assumed));
    }

    /** A stream's head assumed at the version the batch's first request on it expects (its index). */
    private record Assumption(int request, long version) {
    }

    /**
     * Records a batch decided by {@link #decideWithoutReading}, in one statement. The caller commits (or runs
     * it in auto-commit mode) and reports with {@link #committed}; a caller whose statement fails reports it with
     * {@link #failed}, and on a unique violation runs the batch through {@link #append}.
     *
     * @param connection the connection, in a transaction or in auto-commit mode
     * @param decided    the decided batch
     * @return one answer per request, in the same order, and the heads to remember once committed
     * @throws SQLException when the statement fails, such as on a unique violation
     */
    public Outcome record(Connection connection, Decided decided) throws SQLException {
        Decisions decisions = decided.decisions;
        List<RecordedEvent> stored = tables.record(connection, decisions.events, decisions.keysToKeep(),
                decided.assumed);
        return new Outcome(decisions.answers(stored, connection), decisions.recordedHeads(decided.heads));
    }

    /**
     * Decides and writes appends in the connection's transaction, reading what it decides on under the position
     * claim's lock; the caller commits and then reports with {@link #committed}, or reports a failed
     * transaction with {@link #failed}.
     *
     * <p>A request alone gets the answers of the SPI for the last guards too: an event id the store already
     * holds is an {@link IllegalArgumentException}, and a violated {@code (aggregate_id, stream_version)} key a
     * {@link AppendResult.VersionConflict}. In a batch of several requests those failures leave the
     * transaction failed with the {@link SQLException}: the caller rolls back and runs each request alone.
     *
     * <p>When an append expects a stream at exactly its remembered head, the transaction does not read the
     * stream's head. A remembered head is stale when another writer (another process, or another store object)
     * appended to the stream since. Then either the insert violates the {@code (aggregate_id, stream_version)}
     * key and the transaction fails (the caller runs it again after {@link #failed} has forgotten the heads; a
     * request alone is answered a {@link AppendResult.VersionConflict} from the head read afresh), or a request
     * of the batch would be refused on it: then the transaction, still holding the claim's lock, reads those
     * heads from the database and decides the batch again. So a remembered head never refuses an append.
     *
     * @param connection the connection, in a transaction
     * @param requests   the requests, in the order they are decided
     * @return one answer per request, in the same order, and the heads to remember once committed
     * @throws SQLException when a statement fails
     */
    public Outcome append(Connection connection, List<AppendRequest> requests) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        Map<String, StreamHead> remembered = new HashMap<>();
        Set<String> unknownHeads = new LinkedHashSet<>();
        for (AppendRequest request : requests) {
            request.idempotency().ifPresent(idempotency -> keys.add(idempotency.key()));
            for (StreamAppend stream : request.streams()) {
                String streamId = stream.streamId();
                if (remembered.containsKey(streamId) || unknownHeads.contains(streamId)) {
                    continue;
                }
                StreamHead head = rememberedHeads.get(streamId);
                if (head != null && head.version() == stream.expectedVersion()) {
                    remembered.put(streamId, head);
                } else {
                    unknownHeads.add(streamId);
                }
            }
        }
        tables.lockPositions(connection);
        Map<String, IdempotencyRow> known = tables.findIdempotency(connection, keys);
        Map<String, StreamHead> read = tables.streamHeads(connection, List.copyOf(unknownHeads));

        Map<String, StreamHead> heads = new HashMap<>(read);
        heads.putAll(remembered);
        Decisions decisions = decideAll(requests, known, heads);
        if (decisions.refusesOn(remembered.keySet())) {
            heads = new HashMap<>(read);
            heads.putAll(tables.streamHeads(connection, List.copyOf(remembered.keySet())));
            decisions = decideAll(requests, known, heads);
        }
        if (!decisions.recordsAnything()) {
            connection.rollback();
            return new Outcome(decisions.answers(List.of(), connection), Map.of());
        }
        try {
            return record(connection, new Decided(decisions, heads, List.of()));
        } catch (SQLException e) {
            if (requests.size() > 1) {
                throw e;
            }
            return new Outcome(List.of(answerAlone(connection, requests.get(0), e)), Map.of());
        }
    }

    /**
     * Remembers the head of a stream as of the last of its events read, unless a later one is remembered: a
     * version, once recorded, stays, so the next append that expects it can be decided without a read.
     *
     * @param events events of one stream, in version order, as a read returned them
     */
    public void sawStream(List<RecordedEvent> events) {
        if (!events.isEmpty()) {
            RecordedEvent last = events.get(events.size() - 1);
            rememberIfNewer(last.aggregateId(), new StreamHead(last.streamVersion(), last.createdAt()));
        }
    }

    /**
     * Reports a committed transaction: remembers the heads of the streams it recorded to, and forgets those
     * of streams an append of it found at another version than the expected one.
     *
     * @param requests the transaction's requests
     * @param outcome  what {@link #append} returned for them
     */
    public void committed(List<AppendRequest> requests, Outcome outcome) {
        for (int i = 0; i < requests.size(); i++) {
            if (outcome.answers().get(i) instanceof AppendResult.VersionConflict conflict) {
                rememberedHeads.remove(conflict.streamId());
            }
        }
        outcome.heads().forEach(this::rememberIfNewer);
    }

    private void rememberIfNewer(String streamId, StreamHead head) {
        synchronized (rememberedHeads) { // commits may be reported out of order when group commit is off
            StreamHead known = rememberedHeads.get(streamId);
            if (known == null || known.version() < head.version()) {
                rememberedHeads.put(streamId, head);
            }
        }
    }

    /**
     * Reports a failed transaction: forgets the heads of every stream its requests touch.
     *
     * @param requests the transaction's requests
     */
    public void failed(List<AppendRequest> requests) {
        for (AppendRequest request : requests) {
            for (StreamAppend stream : request.streams()) {
                rememberedHeads.remove(stream.streamId());
            }
        }
    }

    private Decisions decideAll(List<AppendRequest> requests, Map<String, IdempotencyRow> known,
                                Map<String, StreamHead> heads) {
        Decisions decisions = new Decisions(requests.size());
        Instant now = clock.instant();
        for (int i = 0; i < requests.size(); i++) {
            decide(i, requests.get(i), known, heads, now, decisions);
        }
        return decisions;
    }

    private static void decide(int index, AppendRequest request, Map<String, IdempotencyRow> known,
                               Map<String, StreamHead> heads, Instant now, Decisions decisions) {
        Optional<Idempotency> idempotency = request.idempotency();
        if (idempotency.isPresent()) {
            Idempotency record = idempotency.get();
            IdempotencyRow stored = known.get(record.key());
            if (stored != null) {
                decisions.answerStoredKey(index, record, stored);
                return;
            }
            Integer earlier = decisions.recordedKeys.get(record.key());
            if (earlier != null) {
                decisions.answerBatchKey(index, record, earlier);
                return;
            }
        }
        Optional<AppendResult.VersionConflict> conflict = firstConflict(request, heads);
        if (conflict.isPresent()) {
            decisions.refuse(index, conflict.get());
            return;
        }
        List<Instant> previous = new ArrayList<>(request.streams().size());
        for (StreamAppend stream : request.streams()) {
            previous.add(heads.get(stream.streamId()).lastCreatedAt());
        }
        decisions.record(index, request, StreamTimestamps.appendTime(now, previous), heads);
    }

    private AppendResult answerAlone(Connection connection, AppendRequest request, SQLException failure)
            throws SQLException {
        if (Transactions.violates(failure, Sql.EVENTS_PK)) {
            connection.rollback();
            throw new IllegalArgumentException("an event id of this append is already recorded: "
                    + failure.getMessage(), failure);
        }
        if (Transactions.violates(failure, Sql.EVENTS_STREAM_VERSION_UNIQUE)) {
            connection.rollback();
            List<String> streamIds = request.streams().stream().map(StreamAppend::streamId).toList();
            Optional<AppendResult.VersionConflict> found =
                    firstConflict(request, tables.streamHeads(connection, streamIds));
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw failure;
    }

    private static Optional<AppendResult.VersionConflict> firstConflict(AppendRequest request,
                                                                        Map<String, StreamHead> heads) {
        for (StreamAppend stream : request.streams()) {
            long actual = heads.get(stream.streamId()).version();
            if (actual != stream.expectedVersion()) {
                return Optional.of(new AppendResult.VersionConflict(stream.streamId(), stream.expectedVersion(),
                        actual));
            }
        }
        return Optional.empty();
    }

    /**
     * The decisions on the requests of one batch, and the rows they write: the recorded events numbered from
     * position 1 in the order they are inserted (the statement that records them gives them the positions it claims).
     */
    private final class Decisions {

        private final AppendResult[] refusals;
        private final Instant[] moments;
        private final int[] firstEvent;
        private final int[] eventCount;
        private final Idempotency[] recordedIdempotency;
        private final Map<Integer, IdempotencyRow> storedReplays = new HashMap<>();
        private final Map<Integer, Integer> batchReplays = new HashMap<>();
        private final Map<String, Integer> recordedKeys = new HashMap<>();
        private final Set<String> recordedStreams = new LinkedHashSet<>();
        private final List<RecordedEvent> events = new ArrayList<>();
        private long lastPosition;
        private boolean recordsAnything;

        Decisions(int size) {
            refusals = new AppendResult[size];
            moments = new Instant[size];
            firstEvent = new int[size];
            eventCount = new int[size];
            recordedIdempotency = new Idempotency[size];
        }

        boolean recordsAnything() {
            return recordsAnything;
        }

        boolean recordsEveryRequest() {
            for (AppendResult refusal : refusals) {
                if (refusal != null) {
                    return false;
                }
            }
            return batchReplays.isEmpty() && storedReplays.isEmpty();
        }

        boolean refusesOn(Set<String> streamIds) {
            for (AppendResult refusal : refusals) {
                if (refusal instanceof AppendResult.VersionConflict conflict && streamIds.contains(conflict.streamId())) {
                    return true;
                }
            }
            return false;
        }

        void refuse(int index, AppendResult refusal) {
            refusals[index] = refusal;
        }

        void answerStoredKey(int index, Idempotency record, IdempotencyRow stored) {
            if (stored.idempotency().requestHash().equals(record.requestHash())) {
                storedReplays.put(index, stored);
            } else {
                refuse(index, new AppendResult.IdempotencyKeyReused(record.key()));
            }
        }

        void answerBatchKey(int index, Idempotency record, int earlier) {
            if (recordedIdempotency[earlier].requestHash().equals(record.requestHash())) {
                batchReplays.put(index, earlier);
            } else {
                refuse(index, new AppendResult.IdempotencyKeyReused(record.key()));
            }
        }

        void record(int index, AppendRequest request, Instant at, Map<String, StreamHead> heads) {
            recordsAnything = true;
            moments[index] = at;
            firstEvent[index] = events.size();
            for (StreamAppend stream : request.streams()) {
                List<RecordedEvent> recorded = RecordedEvents.of(stream, lastPosition, at);
                RecordedEvent last = recorded.get(recorded.size() - 1);
                events.addAll(recorded);
                lastPosition = last.position();
                heads.put(stream.streamId(), new StreamHead(last.streamVersion(), last.createdAt()));
                recordedStreams.add(stream.streamId());
            }
            eventCount[index] = events.size() - firstEvent[index];
            request.idempotency().ifPresent(idempotency -> {
                recordedIdempotency[index] = idempotency;
                recordedKeys.put(idempotency.key(), index);
            });
        }

        List<AppendResult> answers(List<RecordedEvent> stored, Connection connection) throws SQLException {
            List<AppendResult> answers = new ArrayList<>(refusals.length);
            for (int i = 0; i < refusals.length; i++) {
                answers.add(answer(i, stored, connection));
            }
            for (Map.Entry<Integer, Integer> replay : batchReplays.entrySet()) {
                int earlier = replay.getValue();
                answers.set(replay.getKey(), new AppendResult.Replayed(new IdempotentAppend(
                        recordedIdempotency[earlier], moments[earlier], recorded(earlier, stored))));
            }
            return answers;
        }

        private AppendResult answer(int index, List<RecordedEvent> stored, Connection connection)
                throws SQLException {
            if (refusals[index] != null) {
                return refusals[index];
            }
            IdempotencyRow replay = storedReplays.get(index);
            if (replay != null) {
                return new AppendResult.Replayed(tables.rememberedAppend(connection, replay));
            }
            if (moments[index] == null) {
                return null; // a replay of an earlier request of the batch, filled in by answers()
            }
            return new AppendResult.Appended(recorded(index, stored));
        }

        private List<RecordedEvent> recorded(int index, List<RecordedEvent> stored) {
            return List.copyOf(stored.subList(firstEvent[index], firstEvent[index] + eventCount[index]));
        }

        Map<String, StreamHead> recordedHeads(Map<String, StreamHead> heads) {
            Map<String, StreamHead> recorded = new HashMap<>();
            for (String streamId : recordedStreams) {
                recorded.put(streamId, heads.get(streamId));
            }
            return recorded;
        }

        List<EventTables.KeyToKeep> keysToKeep() {
            List<EventTables.KeyToKeep> keys = new ArrayList<>(recordedKeys.size());
            for (int index : recordedKeys.values()) {
                keys.add(new EventTables.KeyToKeep(recordedIdempotency[index], firstEvent[index], eventCount[index],
                        moments[index]));
            }
            return keys;
        }
    }
}
