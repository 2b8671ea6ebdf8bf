package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.internal.AppendSignal;
import io.chronicleledger.core.internal.PollingTail;
import io.chronicleledger.core.internal.StreamTimestamps;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotencyRecords;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.store.TailListener;
import io.chronicleledger.store.cockroach.internal.EventTables;
import io.chronicleledger.store.cockroach.internal.EventTables.StreamHead;
import io.chronicleledger.store.cockroach.internal.Schema;
import io.chronicleledger.store.cockroach.internal.Sql;
import io.chronicleledger.store.cockroach.internal.Transactions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link EventStore} on CockroachDB or PostgreSQL 13+, through JDBC.
 *
 * <h2>How an append runs</h2>
 * One transaction: it first advances the one-row position counter ({@code UPDATE positions ... RETURNING}),
 * which locks that row until commit. Appends therefore run one at a time from that point on, so the global
 * positions are handed out in commit order: a reader that has seen position P never sees a smaller position
 * commit later. Holding that lock, the transaction checks the idempotency key, reads the version and last
 * {@code created_at} of every stream it touches (one statement), and on a mismatch rolls back and answers
 * {@link AppendResult.VersionConflict}. Otherwise it inserts the events in one statement and the idempotency
 * record, and commits. The unique constraint on {@code (aggregate_id, stream_version)} stays the last guard:
 * a violation of it is answered as a version conflict too. Serialization failures (SQLSTATE 40001, which
 * CockroachDB raises for transactions it must restart) are retried with a jittered back-off.
 *
 * <p>The trade-off: one counter row serializes every append of the store, so throughput is bounded by one
 * transaction at a time (a group commit, batching several appends into one transaction, is the way past it).
 *
 * <h2>Live tails</h2>
 * A tail polls the global log (every 100 milliseconds by default) and is woken at once by appends of this
 * store object.
 *
 * <pre>{@code
 * HikariDataSource dataSource = CockroachStoreConfig.of(url).withSchema("ledger").createDataSource();
 * EventStore store = CockroachEventStore.builder().dataSource(dataSource).schema("ledger").build();
 * }</pre>
 */
public final class CockroachEventStore implements EventStore, IdempotencyRecords {

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration tailPollInterval;
    private final EventTables tables;
    private final AppendSignal appended = new AppendSignal();

    private CockroachEventStore(Builder builder) {
        this.dataSource = Objects.requireNonNull(builder.dataSource, "dataSource");
        this.clock = builder.clock;
        this.tailPollInterval = builder.tailPollInterval;
        this.tables = new EventTables(builder.schema);
    }

    /**
     * Returns a builder; a data source is required, everything else has a default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AppendResult append(AppendRequest request) {
        Objects.requireNonNull(request, "request");
        AppendResult result = Transactions.inTransaction(dataSource, "append", connection -> append(connection, request));
        if (result instanceof AppendResult.Appended appendedEvents && !appendedEvents.events().isEmpty()) {
            appended.fire();
        }
        return result;
    }

    private AppendResult append(Connection connection, AppendRequest request) throws SQLException {
        int count = request.eventCount();
        long lastPosition = tables.claimPositions(connection, count);

        Optional<Idempotency> idempotency = request.idempotency();
        if (idempotency.isPresent()) {
            Optional<IdempotentAppend> earlier = tables.findIdempotentAppend(connection, idempotency.get().key());
            if (earlier.isPresent()) {
                connection.rollback();
                return earlier.get().idempotency().requestHash().equals(idempotency.get().requestHash())
                        ? new AppendResult.Replayed(earlier.get())
                        : new AppendResult.IdempotencyKeyReused(idempotency.get().key());
            }
        }

        List<String> streamIds = request.streams().stream().map(StreamAppend::streamId).toList();
        Map<String, StreamHead> heads = tables.streamHeads(connection, streamIds);
        Optional<AppendResult.VersionConflict> conflict = firstConflict(request, heads);
        if (conflict.isPresent()) {
            connection.rollback();
            return conflict.get();
        }

        Instant at = StreamTimestamps.appendTime(clock.instant(),
                streamIds.stream().map(id -> heads.get(id).lastCreatedAt()).toList());
        List<RecordedEvent> recorded = new ArrayList<>(count);
        long position = lastPosition - count;
        for (StreamAppend stream : request.streams()) {
            long version = stream.expectedVersion();
            Instant createdAt = at;
            for (NewEvent event : stream.events()) {
                recorded.add(new RecordedEvent(++position, event.eventId(), stream.streamId(), stream.aggregateType(),
                        event.eventType(), event.eventVersion(), ++version, event.data(), event.metadata(),
                        createdAt));
                createdAt = StreamTimestamps.next(createdAt, createdAt);
            }
        }

        List<RecordedEvent> stored;
        try {
            stored = tables.insertEvents(connection, recorded);
        } catch (SQLException e) {
            if (Transactions.violates(e, Sql.EVENTS_PK)) {
                connection.rollback();
                throw new IllegalArgumentException("an event id of this append is already recorded: "
                        + e.getMessage(), e);
            }
            if (Transactions.violates(e, Sql.EVENTS_STREAM_VERSION_UNIQUE)) {
                connection.rollback();
                Optional<AppendResult.VersionConflict> found =
                        firstConflict(request, tables.streamHeads(connection, streamIds));
                if (found.isPresent()) {
                    return found.get();
                }
            }
            throw e;
        }
        if (idempotency.isPresent()) {
            tables.insertIdempotency(connection, idempotency.get(),
                    stored.stream().map(RecordedEvent::position).toList(), at);
        }
        return new AppendResult.Appended(stored);
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

    @Override
    public List<RecordedEvent> readStream(String streamId, StreamRange range) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(range, "range");
        return Transactions.read(dataSource, "read of stream " + streamId,
                connection -> tables.readStream(connection, streamId, range));
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
     * {@inheritDoc} The index on {@code created_at} keeps the sweep cheap.
     *
     * @throws EventStoreException when the database fails
     */
    @Override
    public int sweepIdempotencyKeys(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative");
        }
        Instant before = clock.instant().minus(retention);
        return Transactions.inTransaction(dataSource, "sweep of idempotency keys",
                connection -> tables.sweepIdempotency(connection, before));
    }

    @Override
    public Subscription tail(long afterPosition, TailListener listener) {
        Objects.requireNonNull(listener, "listener");
        return PollingTail.start(this, afterPosition, listener, appended, tailPollInterval);
    }

    /** Builds a {@link CockroachEventStore}. */
    public static final class Builder {

        private DataSource dataSource;
        private String schema = CockroachStoreConfig.DEFAULT_SCHEMA;
        private Clock clock = Clock.systemUTC();
        private Duration tailPollInterval = Duration.ofMillis(100);
        private boolean createSchema = true;

        private Builder() {
        }

        /**
         * Sets the database (required). The store does not close it.
         *
         * @param dataSource a pooled data source, such as {@link CockroachStoreConfig#createDataSource()}
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Sets the schema of the tables (default {@value CockroachStoreConfig#DEFAULT_SCHEMA}).
         *
         * @param schema a lower-case SQL identifier
         * @return this builder
         * @throws IllegalArgumentException when the name is not a plain lower-case identifier
         */
        public Builder schema(String schema) {
            this.schema = Schema.checkName(schema);
            return this;
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
         * Sets whether {@link #build()} creates the schema and tables when they are missing (default
         * {@code true}).
         *
         * @param create {@code false} to leave the schema to a migration tool
         * @return this builder
         */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /**
         * Builds the store, creating its tables first unless told not to.
         *
         * @return the store
         * @throws IllegalStateException when no data source was given
         * @throws EventStoreException   when the tables cannot be created
         */
        public CockroachEventStore build() {
            if (dataSource == null) {
                throw new IllegalStateException("dataSource is required");
            }
            if (createSchema) {
                Schema.ensure(dataSource, schema);
            }
            return new CockroachEventStore(this);
        }
    }
}
