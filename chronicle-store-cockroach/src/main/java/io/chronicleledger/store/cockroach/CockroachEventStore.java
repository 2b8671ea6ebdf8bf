package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.IdempotencyRecords;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.Leases;
import io.chronicleledger.core.store.Outbox;
import io.chronicleledger.core.store.OutboxBacklog;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.store.TailListener;
import io.chronicleledger.core.support.AppendSignal;
import io.chronicleledger.core.support.PollingTail;
import io.chronicleledger.core.support.Retention;
import io.chronicleledger.store.cockroach.internal.Appender;
import io.chronicleledger.store.cockroach.internal.EventTables;
import io.chronicleledger.store.cockroach.internal.GroupCommit;
import io.chronicleledger.store.cockroach.internal.GroupCommit.Completion;
import io.chronicleledger.store.cockroach.internal.Sql;
import io.chronicleledger.store.cockroach.internal.Transactions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An {@link EventStore} on CockroachDB or PostgreSQL 13+, through JDBC, with its {@link Outbox}, expiring
 * {@link IdempotencyRecords} and {@link Leases}.
 *
 * <h2>How an append runs</h2>
 * Usually in one statement, in auto-commit mode: one round trip, commit included. The store decides the append
 * in the process, assuming that every stream is at the version the append expects, that the idempotency key is
 * new, and that the clock has not stepped back behind a stream's last event, and sends one statement: a
 * data-modifying {@code WITH} that checks the assumed heads, claims the events' positions under a lock held until
 * the commit, so that positions are handed out in commit order (see "Global order"), inserts the events at those
 * positions and the idempotency record. The statement's text depends only on the shape of the batch, so the
 * database prepares each once per connection. The store remembers
 * the version and last {@code created_at} of the streams it appended to or read last (up to
 * {@value Appender#REMEMBERED_HEADS}); a version, once recorded, never changes, so a remembered head at the
 * expected version needs no check. Any other stream is checked in the claim: its event at the
 * expected version is recorded, earlier than the append's moment (an index lookup). If an assumption was wrong,
 * nothing is written: the check fails (no position is claimed), or a unique key fails the statement: the
 * {@code (aggregate_id, stream_version)} key (another writer moved the stream past the expected version), the
 * primary key of {@code idempotency_keys} (the key is known) or of {@code events} (an event id is recorded
 * already).
 *
 * <p>Then, and for batches that would refuse or replay a request (or expect a stream at an earlier version than
 * remembered), the append runs in a transaction that reads first: it locks
 * the claim's lock, so appends run one at a time from that point on, looks up the
 * idempotency key, reads the version and last {@code created_at} of every stream it does not remember (one
 * statement), and on a mismatch answers {@link AppendResult.VersionConflict}; otherwise it records with the same
 * statement and commits. A remembered head never refuses an append: when one would, the transaction reads it.
 * Serialization failures (SQLSTATE 40001, which CockroachDB raises for transactions it must restart) are retried
 * with a jittered back-off.
 *
 * <h2>Outbox</h2>
 * Positions commit in order (below), so the outbox is a cursor, not a table of rows: the one
 * row of {@code outbox_cursor} (schema version 4) holds the position up to which every event is published, and
 * the events after it are the outbox. An append writes nothing for it, and an event is in the outbox exactly
 * when it is committed. An {@link io.chronicleledger.core.bus.OutboxRelay} publishes the events after the cursor
 * to the bus and then moves the cursor over them (in the same statement as its next read); a crash between the
 * two publishes again, and the bus drops duplicates by event id. Marking events that do not follow the cursor
 * (after an unmarked one) leaves them in the outbox, to be published again; a hole in the positions, where no
 * event is, does not stop the cursor. {@link #backlog()} counts the events after the cursor (a range of the
 * position index) and dates them by the first.
 *
 * <h2>Leases</h2>
 * A lease is a row of the {@code leases} table (schema version 3): its name, owner and expiry, measured on the
 * database's clock ({@code now()}), so the processes' clocks need not agree. {@link #tryAcquire} is one
 * {@code INSERT ... ON CONFLICT (name) DO UPDATE ... WHERE} in auto-commit mode: it inserts a free lease, and
 * updates a taken one only when the owner asking holds it or it has expired; a row returned means the lease is
 * the asker's. Owners racing for a free lease meet on the primary key, and exactly one of them takes it.
 * {@link #release} deletes the row if its owner asks.
 *
 * <h2>Group commit</h2>
 * The claim's lock serializes the appends of the store, so an append that arrives while another runs waits.
 * Waiting appends are carried together by the next transaction, up to
 * {@link Builder#maxAppendsPerTransaction} of them: one lock, one set of statements and one commit for the
 * lot, and each append still gets its own answer, decided as if it ran alone after the ones before it. When a
 * transaction of several appends fails on a key of the events, a stream version another writer took (a stale
 * remembered head) makes it run once more, reading the heads; an event id recorded twice, or a second
 * failure, makes each of its appends run alone, so that each gets its own answer. Any other
 * failure goes to every append of the transaction: none is run again, since a transaction whose commit was
 * cut off may have committed. An append that finds no other running goes at once, alone.
 *
 * <h2>Global order</h2>
 * Readers of the global log see positions in commit order: once a reader has seen position P, no event at or
 * below P commits later. An append claims its positions under a lock that its transaction holds until it has
 * committed or rolled back, so the next append claims higher ones only once the earlier is visible. How it claims
 * them depends on the database ({@code PositionClaim}, chosen when the store is built):
 * <ul>
 *   <li>PostgreSQL: a transaction-scoped advisory lock of the schema ({@code pg_advisory_xact_lock}), then the
 *   sequence {@code event_positions} (schema version 5). A sequence does not roll back: an append that fails
 *   after its claim (such as one decided without reading whose stream another writer moved) leaves a hole in the
 *   positions. A hole is final, since the transaction that claimed it has ended before any later position is
 *   seen: readers, the outbox cursor and {@link #headPosition()} (the highest position recorded) pass over it.
 *   No row is updated for the claim, so appends do not slow down while a long transaction (a report,
 *   {@code pg_dump}) keeps the updated row's dead versions from being vacuumed (measured in
 *   {@code benchmarks/RESULTS.md}: through a counter row, 0.46 to 1.18 ms within 90 seconds).</li>
 *   <li>CockroachDB, which has no advisory locks: the one-row counter {@code positions}, which every append
 *   updates. A transaction that fails rolls its claim back, so positions have no gaps. Under SERIALIZABLE any two
 *   appends conflict on that row and are ordered; the later one gets both the higher positions and the higher
 *   commit timestamp, and a read sees every transaction that committed before its own timestamp.</li>
 * </ul>
 * Every process writing to a schema claims positions the same way, since they run on the same database. A read of
 * {@code GET /events} therefore never sees a position while a smaller one is still to commit. (Follower reads and
 * {@code AS OF SYSTEM TIME} are not used.)
 *
 * <h2>Live tails</h2>
 * A tail polls the global log (every 100 milliseconds by default) and is woken at once by appends of this
 * store object.
 *
 * <h2>CockroachDB and PostgreSQL</h2>
 * The statements keep to what both accept: data-modifying {@code WITH} clauses with {@code RETURNING} (CockroachDB
 * requires it even where nothing reads the result), {@code unnest} of several arrays {@code WITH ORDINALITY},
 * {@code UPDATE ... FROM}, {@code SELECT ... FOR UPDATE}, {@code ARRAY(subquery)} and {@code generate_series}. On
 * CockroachDB an auto-committed statement is an implicit transaction, which it retries itself on a conflict and
 * commits in one phase. The CockroachDB suites run in a container (Testcontainers) and are skipped where no Docker
 * engine runs; the PostgreSQL suites always run.
 *
 * <pre>{@code
 * HikariDataSource dataSource = CockroachStoreConfig.of(url).withSchema("ledger").createDataSource();
 * EventStore store = CockroachEventStore.builder().dataSource(dataSource).schema("ledger").build();
 * }</pre>
 */
public final class CockroachEventStore implements EventStore, IdempotencyRecords, Outbox, Leases {

    /** The most idempotency records one transaction of {@link #sweepIdempotencyKeys} deletes. */
    public static final int SWEEP_CHUNK = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(CockroachEventStore.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration tailPollInterval;
    private final EventTables tables;
    private final Appender appender;
    private final GroupCommit<AppendRequest, AppendResult> groupCommit;
    private final AppendSignal appended = new AppendSignal();

    private CockroachEventStore(Builder builder, DataSource dataSource) {
        this.dataSource = dataSource;
        this.clock = builder.clock;
        this.tailPollInterval = builder.tailPollInterval;
        this.tables = new EventTables(builder.schemaName(), builder.positionClaim());
        this.appender = new Appender(tables, builder.clock);
        this.groupCommit = builder.maxAppendsPerTransaction == 1 ? null
                : new GroupCommit<>(this::appendBatch, builder.maxAppendsPerTransaction);
    }

    /**
     * Returns a builder; a data source is required, everything else has a default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when an event id is already recorded, or when the database refuses the
     *                                  append's data (JSON it cannot parse, an id or a type longer than its
     *                                  column); other appends that shared its transaction go on without it
     * @throws EventStoreException      when the database fails
     */
    @Override
    public AppendResult append(AppendRequest request) {
        Objects.requireNonNull(request, "request");
        return groupCommit == null ? appendAlone(request) : groupCommit.submit(request);
    }

    private AppendResult appendAlone(AppendRequest request) {
        List<AppendResult> results;
        try {
            results = appendInOneStatementOrTransaction(List.of(request));
        } catch (EventStoreException e) {
            if (e.getCause() instanceof SQLException cause && Transactions.refusesData(cause)) {
                throw new IllegalArgumentException("the database refused the data of this append (SQLSTATE "
                        + cause.getSQLState() + "): " + cause.getMessage(), e);
            }
            throw e;
        }
        signalIfRecorded(results);
        return results.get(0);
    }

    /** Runs a batch of group commit; package-private for the tests that run one without racing threads. */
    List<Completion<AppendResult>> appendBatch(List<AppendRequest> requests) {
        if (requests.size() == 1) {
            return List.of(Completion.capture(requests.get(0), this::appendAlone));
        }
        List<AppendResult> results;
        try {
            results = appendInOneStatementOrTransaction(requests);
        } catch (EventStoreException e) {
            if (!violates(e, Sql.EVENTS_STREAM_VERSION_UNIQUE)) {
                return afterFailure(requests, e);
            }
            // most likely a remembered head another writer made stale; failed() forgot it: once more, reading it
            try {
                results = appendInOneTransaction(requests);
            } catch (EventStoreException again) {
                return afterFailure(requests, again);
            }
        }
        signalIfRecorded(results);
        List<Completion<AppendResult>> completions = new ArrayList<>(results.size());
        for (AppendResult result : results) {
            completions.add(Completion.of(result));
        }
        return completions;
    }

    private List<Completion<AppendResult>> afterFailure(List<AppendRequest> requests, EventStoreException e) {
        if (!(e.getCause() instanceof SQLException cause && Transactions.refusesStatement(cause))) {
            throw e; // every append of the batch gets the failure: it may even have committed, unseen
        }
        // nothing committed; one of them (an event id already recorded, data the database cannot take) fails alone
        LOG.debug("the database refused a batch of {} appends; each runs alone", requests.size(), e);
        List<Completion<AppendResult>> alone = new ArrayList<>(requests.size());
        for (AppendRequest request : requests) {
            alone.add(Completion.capture(request, this::appendAlone));
        }
        return alone;
    }

    private static boolean violates(EventStoreException e, String constraint) {
        return e.getCause() instanceof SQLException cause && Transactions.violates(cause, constraint);
    }

    /**
     * Appends in one auto-committed statement when the batch can be decided without reading, else (or when an
     * assumption of that statement was wrong: a head moved, a key was known) in a transaction that reads first.
     */
    private List<AppendResult> appendInOneStatementOrTransaction(List<AppendRequest> requests) {
        Optional<Appender.Decided> decided = appender.decideWithoutReading(requests);
        if (decided.isPresent()) {
            try {
                return reported(requests, () -> Transactions.autoCommitted(dataSource, describe(requests),
                        connection -> appender.record(connection, decided.get())));
            } catch (EventStoreException e) {
                if (!wrongAssumption(e)) {
                    throw e;
                }
                LOG.debug("{} without reading first assumed wrong; it runs again reading first", describe(requests), e);
            }
        }
        return appendInOneTransaction(requests);
    }

    private static String describe(List<AppendRequest> requests) {
        return requests.size() == 1 ? "append" : "append of a batch of " + requests.size();
    }

    private static boolean wrongAssumption(EventStoreException e) {
        return e.getCause() instanceof EventTables.AssumedHeadMissing || violates(e, Sql.EVENTS_STREAM_VERSION_UNIQUE)
                || violates(e, Sql.IDEMPOTENCY_KEYS_PK) || violates(e, Sql.EVENTS_PK);
    }

    private List<AppendResult> appendInOneTransaction(List<AppendRequest> requests) {
        return reported(requests, () -> Transactions.inTransaction(dataSource, describe(requests),
                connection -> appender.append(connection, requests)));
    }

    /** Runs appends and reports their outcome to the appender: committed, or failed (then rethrown). */
    private List<AppendResult> reported(List<AppendRequest> requests, Supplier<Appender.Outcome> appends) {
        Appender.Outcome outcome;
        try {
            outcome = appends.get();
        } catch (RuntimeException e) {
            appender.failed(requests);
            throw e;
        }
        appender.committed(requests, outcome);
        return outcome.answers();
    }

    private void signalIfRecorded(List<AppendResult> results) {
        for (AppendResult result : results) {
            if (result instanceof AppendResult.Appended recorded && !recorded.events().isEmpty()) {
                appended.fire();
                return;
            }
        }
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, StreamRange range) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(range, "range");
        List<RecordedEvent> events = Transactions.read(dataSource, "read of stream " + streamId,
                connection -> tables.readStream(connection, streamId, range));
        appender.sawStream(events);
        return events;
    }

    @Override
    public Page<RecordedEvent> readAll(GlobalLogQuery query) {
        Objects.requireNonNull(query, "query");
        return Page.ofFetched(Transactions.read(dataSource, "read of the global log after " + query.afterPosition(),
                connection -> tables.readAll(connection, query)), query.limit());
    }

    @Override
    public long headPosition() {
        return Transactions.read(dataSource, "read of the head position", tables::headPosition);
    }

    @Override
    public Optional<IdempotentAppend> findIdempotentAppend(String key) {
        Objects.requireNonNull(key, "key");
        return Transactions.read(dataSource, "look-up of an idempotency key",
                connection -> tables.findIdempotentAppend(connection, key));
    }

    /**
     * {@inheritDoc} The cut-off is the database's clock minus the retention, so that processes whose clocks
     * disagree sweep alike (and a process whose clock runs ahead does not sweep keys another just wrote); a
     * record's {@code created_at} comes from the clock of the process that appended it, so a process whose clock
     * runs behind the database's has its keys kept that much less. The index on {@code created_at} keeps the sweep
     * cheap, and it deletes in transactions of at most {@value #SWEEP_CHUNK} records, so that a large backlog neither
     * holds locks long nor outgrows CockroachDB's limits on a transaction.
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public int sweepIdempotencyKeys(Duration retention) {
        Duration kept = Retention.check(retention);
        int swept = 0;
        for (int deleted = SWEEP_CHUNK; deleted == SWEEP_CHUNK; swept += deleted) {
            deleted = Transactions.inTransaction(dataSource, "sweep of idempotency keys",
                    connection -> tables.sweepIdempotency(connection, kept, SWEEP_CHUNK));
        }
        return swept;
    }

    /**
     * {@inheritDoc}
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public List<RecordedEvent> unpublished(int limit) {
        Outbox.checkLimit(limit);
        return Transactions.read(dataSource, "read of the outbox", connection -> tables.unpublished(connection, limit));
    }

    /**
     * {@inheritDoc}
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public void markPublished(List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Long> positions = events.stream().map(RecordedEvent::position).toList();
        Transactions.autoCommitted(dataSource, "marking of " + positions.size() + " events published",
                connection -> {
                    tables.markPublished(connection, positions);
                    return null;
                });
    }

    /**
     * {@inheritDoc} One statement in auto-commit mode: the cursor's move and the read after it, one round trip.
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public List<RecordedEvent> markPublishedAndReadNext(List<RecordedEvent> published, int limit) {
        Outbox.checkLimit(limit);
        List<Long> positions = published.stream().map(RecordedEvent::position).toList();
        return Transactions.autoCommitted(dataSource, "marking of " + positions.size()
                        + " events published and read of the next",
                connection -> tables.markPublishedThenUnpublished(connection, positions, limit));
    }

    /**
     * {@inheritDoc} The oldest event is the one just after the outbox cursor, the first committed; its
     * {@code created_at} was read from the clock of the process that appended it.
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public OutboxBacklog backlog() {
        return Transactions.read(dataSource, "read of the outbox backlog", tables::backlog);
    }

    /**
     * {@inheritDoc} The lease expires on the database's clock, {@code ttl} (in whole milliseconds) after the
     * statement ran.
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public boolean tryAcquire(String name, String owner, Duration ttl) {
        Leases.checkArguments(name, owner, ttl);
        return Transactions.autoCommitted(dataSource, "acquisition of the lease " + name,
                connection -> tables.acquireLease(connection, name, owner, ttl.toMillis()));
    }

    /**
     * {@inheritDoc}
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public void release(String name, String owner) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Transactions.autoCommitted(dataSource, "release of the lease " + name,
                connection -> tables.releaseLease(connection, name, owner));
    }

    @Override
    public Subscription tail(long afterPosition, TailListener listener) {
        Objects.requireNonNull(listener, "listener");
        return PollingTail.start(this, afterPosition, listener, appended, tailPollInterval);
    }

    /** Builds a {@link CockroachEventStore}. */
    public static final class Builder extends StoreBuilder<Builder> {

        /** How many appends one transaction carries at most, unless told otherwise. */
        public static final int DEFAULT_MAX_APPENDS_PER_TRANSACTION = 64;

        private Clock clock = Clock.systemUTC();
        private Duration tailPollInterval = Duration.ofMillis(100);
        private int maxAppendsPerTransaction = DEFAULT_MAX_APPENDS_PER_TRANSACTION;

        private Builder() {
        }

        /**
         * Sets the clock {@code created_at} is read from (default: the system clock in UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how often a live tail looks for appends of other writers (default 100 milliseconds).
         *
         * @param interval the poll interval, positive
         * @return this builder
         * @throws IllegalArgumentException when the interval is not positive
         */
        public Builder tailPollInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("tailPollInterval must be positive, was " + interval);
            }
            this.tailPollInterval = interval;
            return this;
        }

        /**
         * Sets how many concurrent appends one transaction may carry (group commit; default
         * {@value #DEFAULT_MAX_APPENDS_PER_TRANSACTION}). Appends that arrive while another transaction runs wait
         * for it and then go together, in one transaction and one commit, each with its own answer; an append
         * that finds no other running goes alone at once. {@code 1} turns group commit off: every append then
         * has its own transaction.
         *
         * @param max the most appends per transaction, 1 or more
         * @return this builder
         * @throws IllegalArgumentException when {@code max} is below 1
         */
        public Builder maxAppendsPerTransaction(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxAppendsPerTransaction must be at least 1, was " + max);
            }
            this.maxAppendsPerTransaction = max;
            return this;
        }


        /**
         * Builds the store, creating its tables first unless told not to.
         *
         * @return the store
         * @throws IllegalStateException when no data source was given, or on PostgreSQL when its connections run
         *                               at another isolation level than READ COMMITTED (PostgreSQL's default),
         *                               which the appends need
         * @throws EventStoreException when the tables cannot be created
         */
        public CockroachEventStore build() {
            return new CockroachEventStore(this, prepareDatabase(true));
        }
    }
}
