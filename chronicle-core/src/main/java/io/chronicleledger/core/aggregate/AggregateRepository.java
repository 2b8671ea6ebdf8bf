package io.chronicleledger.core.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.internal.NoSnapshots;
import io.chronicleledger.core.internal.StripedLocks;
import io.chronicleledger.core.internal.Uuids;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.Snapshot;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.core.store.StreamAppend;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.support.BoundedCache;
import io.chronicleledger.core.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The command path of any {@link Aggregate}: load, decide, append, retry, remember. Give it the aggregate, the
 * codec of its events and an {@link EventStore}; it runs commands against streams of that aggregate, one stream
 * or several at once, and answers each with a {@link CommandOutcome}.
 *
 * <h2>How a command runs</h2>
 * <ol>
 *   <li>The command's streams are locked inside this process (striped locks, taken in a fixed order, so that two
 *   commands over the same streams in another order cannot deadlock), so that the process does not conflict with
 *   itself. No lock spans processes: they meet on the store's expected versions.</li>
 *   <li>Each stream is loaded: from a bounded cache of recent states, else from its newest snapshot plus the
 *   events after it.</li>
 *   <li>The aggregate (or a {@link StreamsDecider}, for several streams) decides: events, or a rejection. A
 *   rejection decided on a cached state is decided again on states read afresh, so a stale cache never refuses
 *   a command; so is a decision that read the cached state of a stream it records nothing to, since no version
 *   check would catch that state being stale.</li>
 *   <li>The events of every stream go in one atomic append, each stream recorded to guarded by the version loaded.
 *   If another writer moved a stream first, the repository reloads and decides again, at most
 *   {@code maxAttempts} times with jittered back-off, then throws {@link ContentionException}. A stream that a
 *   decision only reads is read afresh for it but not guarded by the append: another process may change it in
 *   between. A rule that must hold across streams against concurrent writers records to each stream it reads.</li>
 *   <li>Every {@code snapshotEvery} events of a stream, its state is saved to the snapshot store.</li>
 * </ol>
 *
 * <h2>Idempotency</h2>
 * A command given an {@link Idempotency} (its key, a hash of the request, and the response to remember) records
 * the key in the same append as its events. The same key and hash again answer the original outcome, marked
 * replayed, and record nothing; the same key with another hash answers {@link CommandOutcome.KeyReused}. A
 * refusal is remembered too (the key appended alone, its response {@code {"rejection": ...}} written by the
 * rejection codec): the retry of a refused command gets the same refusal, even if the command would now pass.
 *
 * <p>Instances are thread-safe. The event metadata is {@code {"correlation_id": ..., "idempotency_key": ...}}
 * (the key only when there is one), as the ledger writes it.
 *
 * <pre>{@code
 * AggregateRepository<Stock, StockCommand, StockEvent, StockRejection> stock = AggregateRepository
 *         .builder("Stock", new StockAggregate(), StockEvents.codec(), TextCodec.json(StockRejection.class))
 *         .eventStore(store)
 *         .build();
 * CommandOutcome<StockRejection> outcome = stock.execute("sku-42", new Receive(10));
 * }</pre>
 *
 * @param <S> the state type
 * @param <C> the command type
 * @param <E> the event type
 * @param <R> the rejection type
 */
public final class AggregateRepository<S, C, E, R extends Rejection> {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);
    private static final long MAX_BACKOFF_MILLIS = 64;
    private static final String REJECTION = "rejection";
    private static final String NO_RESPONSE = "{}";

    private final String aggregateType;
    private final Aggregate<S, C, E, R> aggregate;
    private final EventCodec<E> events;
    private final TextCodec<R> rejections;
    private final EventStore store;
    private final SnapshotStore snapshots;
    private final TextCodec<S> states;
    private final Clock clock;
    private final int snapshotEvery;
    private final int maxAttempts;
    private final StripedLocks locks;
    private final BoundedCache<String, AggregateState<S>> cache;
    private final ObjectMapper json = Json.shared();

    private AggregateRepository(Builder<S, C, E, R> builder) {
        this.aggregateType = builder.aggregateType;
        this.aggregate = builder.aggregate;
        this.events = builder.events;
        this.rejections = builder.rejections;
        this.store = Objects.requireNonNull(builder.store, "an event store is required");
        this.snapshots = builder.snapshots;
        this.states = builder.states;
        this.clock = builder.clock;
        this.snapshotEvery = builder.states == null ? 0 : builder.snapshotEvery;
        this.maxAttempts = builder.maxAttempts;
        this.locks = new StripedLocks(builder.lockStripes);
        this.cache = new BoundedCache<>(builder.cacheSize);
    }

    /**
     * Starts building a repository.
     *
     * @param aggregateType the name recorded with every event ({@code aggregate_type}), such as {@code "Stock"}
     * @param aggregate     the aggregate
     * @param events        the codec of its events
     * @param rejections    the codec of its rejections, which must write JSON (remembered refusals embed it)
     * @param <S>           the state type
     * @param <C>           the command type
     * @param <E>           the event type
     * @param <R>           the rejection type
     * @return the builder
     */
    public static <S, C, E, R extends Rejection> Builder<S, C, E, R> builder(
            String aggregateType, Aggregate<S, C, E, R> aggregate, EventCodec<E> events, TextCodec<R> rejections) {
        return new Builder<>(aggregateType, aggregate, events, rejections);
    }

    /**
     * Runs a command against one stream.
     *
     * @param streamId the stream
     * @param command  the command
     * @return what was done
     * @throws ContentionException when other writers kept moving the stream
     */
    public CommandOutcome<R> execute(String streamId, C command) {
        return execute(streamId, command, Optional.empty());
    }

    /**
     * Runs a command against one stream, at most once per idempotency key.
     *
     * @param streamId    the stream
     * @param command     the command
     * @param idempotency the key, the request's hash and the response to remember, if any
     * @return what was done, or the original outcome for a retry
     * @throws ContentionException when other writers kept moving the stream
     */
    public CommandOutcome<R> execute(String streamId, C command, Optional<Idempotency> idempotency) {
        Objects.requireNonNull(command, "command");
        return execute(List.of(streamId), current -> StreamEvent.inStream(streamId,
                aggregate.decide(current.get(streamId), command)), idempotency);
    }

    /**
     * Runs a decision over several streams, recorded in one atomic append: all its events or none.
     *
     * @param streamIds   the streams, distinct, 1 or more
     * @param decider     decides from their current states
     * @param idempotency the key, the request's hash and the response to remember, if any
     * @return what was done, or the original outcome for a retry
     * @throws ContentionException      when other writers kept moving a stream
     * @throws IllegalArgumentException when a stream is named twice, or the decider records to a stream not named
     */
    public CommandOutcome<R> execute(List<String> streamIds, StreamsDecider<S, E, R> decider,
                                     Optional<Idempotency> idempotency) {
        return execute(streamIds, decider, idempotency, Uuids.timeOrdered(clock));
    }

    /**
     * Runs a decision over several streams, recorded in one atomic append, its events carrying a correlation id of
     * the caller's (a transfer's id, say, which its decision records too).
     *
     * @param streamIds     the streams, distinct, 1 or more
     * @param decider       decides from their current states
     * @param idempotency   the key, the request's hash and the response to remember, if any
     * @param correlationId the {@code correlation_id} of the events' metadata
     * @return what was done, or the original outcome for a retry
     * @throws ContentionException      when other writers kept moving a stream
     * @throws IllegalArgumentException when a stream is named twice, or the decider records to a stream not named
     */
    public CommandOutcome<R> execute(List<String> streamIds, StreamsDecider<S, E, R> decider,
                                     Optional<Idempotency> idempotency, UUID correlationId) {
        Objects.requireNonNull(decider, "decider");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(idempotency, "idempotency");
        if (streamIds.isEmpty() || !distinct(streamIds)) {
            throw new IllegalArgumentException("a command names 1 or more distinct streams, named " + streamIds);
        }
        String metadata = metadata(correlationId, idempotency);
        StripedLocks.Held held = locks.lock(streamIds);
        try {
            for (int attempt = 1; ; attempt++) {
                Plan plan = plan(streamIds, decider);
                if (plan.rejection != null) {
                    if (plan.usedCache) {
                        streamIds.forEach(cache::remove);
                        continue;
                    }
                    return refused(plan.rejection, idempotency);
                }
                if (!plan.readFromCacheOnly.isEmpty()) { // no version check guards them: decide on them afresh
                    plan.readFromCacheOnly.forEach(cache::remove);
                    continue;
                }
                AppendResult result = append(plan, metadata, idempotency);
                if (result instanceof AppendResult.Appended appended) {
                    remember(plan, appended);
                    return new CommandOutcome.Recorded<>(appended.events(),
                            idempotency.map(Idempotency::response).orElse(NO_RESPONSE), false);
                }
                if (!(result instanceof AppendResult.VersionConflict conflict)) {
                    return earlierAnswer(result, idempotency.orElseThrow());
                }
                streamIds.forEach(cache::remove);
                if (attempt >= maxAttempts) {
                    throw new ContentionException("stream " + conflict.streamId() + " kept changing; gave up after "
                            + attempt + " attempts");
                }
                backOff(attempt);
            }
        } finally {
            held.close();
        }
    }

    /** Whether no stream is named twice; without allocating, for the one or two streams of most commands. */
    private static boolean distinct(List<String> streamIds) {
        for (int i = 1; i < streamIds.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (streamIds.get(i).equals(streamIds.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Returns the current state of a stream, read from the store (not from the cache).
     *
     * @param streamId the stream
     * @return its state; {@link AggregateState#exists()} is false for a stream without events
     */
    public AggregateState<S> current(String streamId) {
        return fold(streamId, snapshots.latest(streamId), StreamRange.all());
    }

    /**
     * Returns the state of a stream at a moment, replayed from the newest snapshot at or before it.
     *
     * @param streamId the stream
     * @param time     the moment, inclusive: an event recorded exactly then counts
     * @return its state then
     */
    public AggregateState<S> stateAt(String streamId, Instant time) {
        return fold(streamId, snapshots.latestAtOrBefore(streamId, time), StreamRange.all().until(time));
    }

    /**
     * Returns the state of a stream after its {@code version}-th event (or after its last, when it has fewer),
     * replayed from the newest snapshot at or before that version.
     *
     * @param streamId the stream
     * @param version  the version, 1 or more
     * @return its state then
     */
    public AggregateState<S> stateAtVersion(String streamId, long version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, was " + version);
        }
        return fold(streamId, snapshots.latestAtOrBefore(streamId, version), StreamRange.all().upToVersion(version));
    }

    private Plan plan(List<String> streamIds, StreamsDecider<S, E, R> decider) {
        int n = streamIds.size();
        List<AggregateState<S>> loaded = new ArrayList<>(n);
        boolean[] cached = new boolean[n];
        boolean usedCache = false;
        for (int i = 0; i < n; i++) {
            AggregateState<S> state = cache.get(streamIds.get(i));
            cached[i] = state != null;
            loaded.add(state != null ? state : load(streamIds.get(i)));
            usedCache |= cached[i];
        }
        Decision<StreamEvent<E>, R> decision = Objects.requireNonNull(decider.decide(states(loaded)), "the decision");
        if (decision instanceof Decision.Rejected<StreamEvent<E>, R> rejected) {
            return new Plan(List.of(), rejected.rejection(), usedCache, List.of());
        }
        List<List<E>> byStream = new ArrayList<>(Collections.nCopies(n, null));
        for (StreamEvent<E> event : ((Decision.Accepted<StreamEvent<E>, R>) decision).events()) {
            int index = streamIds.indexOf(event.streamId());
            if (index < 0) {
                throw new IllegalArgumentException("the decision records to " + event.streamId()
                        + ", which is not one of the command's streams " + streamIds);
            }
            if (byStream.get(index) == null) {
                byStream.set(index, new ArrayList<>(2));
            }
            byStream.get(index).add(event.event());
        }
        List<StreamPlan<S, E>> streams = new ArrayList<>(n);
        List<String> readFromCacheOnly = List.of();
        for (int i = 0; i < n; i++) {
            List<E> decided = byStream.get(i);
            if (decided != null) {
                AggregateState<S> before = loaded.get(i);
                streams.add(new StreamPlan<>(before, decided, aggregate.evolveAll(before.state(), decided)));
            } else if (cached[i]) {
                readFromCacheOnly = readFromCacheOnly.isEmpty() ? new ArrayList<>(2) : readFromCacheOnly;
                readFromCacheOnly.add(streamIds.get(i));
            }
        }
        return new Plan(streams, null, usedCache, readFromCacheOnly);
    }

    /** The states a decider sees, by stream id: a map of one or two entries for most commands. */
    private Map<String, S> states(List<AggregateState<S>> loaded) {
        if (loaded.size() == 1) {
            return Map.of(loaded.get(0).streamId(), loaded.get(0).state());
        }
        if (loaded.size() == 2) {
            return Map.of(loaded.get(0).streamId(), loaded.get(0).state(), loaded.get(1).streamId(),
                    loaded.get(1).state());
        }
        Map<String, S> states = new HashMap<>(loaded.size() * 2);
        for (AggregateState<S> state : loaded) {
            states.put(state.streamId(), state.state());
        }
        return states;
    }

    private AggregateState<S> load(String streamId) {
        AggregateState<S> loaded = current(streamId);
        cache.put(streamId, loaded);
        return loaded;
    }

    private AppendResult append(Plan plan, String metadata, Optional<Idempotency> idempotency) {
        if (plan.streams.isEmpty() && idempotency.isEmpty()) {
            return new AppendResult.Appended(List.of());
        }
        List<StreamAppend> appends = new ArrayList<>(plan.streams.size());
        for (StreamPlan<S, E> stream : plan.streams) {
            List<NewEvent> encoded = new ArrayList<>(stream.events.size());
            for (E event : stream.events) {
                encoded.add(events.encode(Uuids.timeOrdered(clock), event, metadata));
            }
            appends.add(new StreamAppend(stream.before.streamId(), aggregateType, stream.before.version(), encoded));
        }
        try {
            return store.append(new AppendRequest(appends, idempotency));
        } catch (RuntimeException e) {
            // The outcome is unknown (the append may have committed): forget what this process believes.
            plan.streams.forEach(stream -> cache.remove(stream.before.streamId()));
            throw e;
        }
    }

    /** Caches the new states and saves the snapshots that fall due. */
    private void remember(Plan plan, AppendResult.Appended appended) {
        for (StreamPlan<S, E> stream : plan.streams) {
            String streamId = stream.before.streamId();
            RecordedEvent last = lastEventOf(appended, streamId);
            long version = last.streamVersion();
            cache.put(streamId, new AggregateState<>(streamId, stream.after, version, Optional.of(last.createdAt())));
            if (snapshotEvery > 0 && version / snapshotEvery > stream.before.version() / snapshotEvery) {
                saveSnapshot(streamId, stream.after, version, last.createdAt());
            }
        }
    }

    /** Saves a snapshot; the command is recorded already, so a failure here is only logged. */
    private void saveSnapshot(String streamId, S state, long version, Instant asOf) {
        try {
            snapshots.save(new Snapshot(streamId, version, asOf, states.write(state)));
        } catch (RuntimeException e) {
            LOG.warn("could not save the snapshot of {} at version {}; loads replay more events until the next one",
                    streamId, version, e);
        }
    }

    private static RecordedEvent lastEventOf(AppendResult.Appended appended, String streamId) {
        RecordedEvent last = null;
        for (RecordedEvent event : appended.events()) {
            if (event.aggregateId().equals(streamId)) {
                last = event;
            }
        }
        return Objects.requireNonNull(last, () -> "the append recorded no event of " + streamId);
    }

    private CommandOutcome<R> refused(R rejection, Optional<Idempotency> idempotency) {
        CommandOutcome<R> refused = new CommandOutcome.Refused<>(rejection, false);
        if (idempotency.isEmpty()) {
            return refused;
        }
        Idempotency key = idempotency.get();
        String response = "{\"" + REJECTION + "\":" + rejections.write(rejection) + "}";
        AppendResult result = store.append(AppendRequest.rememberOnly(
                new Idempotency(key.key(), key.requestHash(), response)));
        return result instanceof AppendResult.Appended ? refused : earlierAnswer(result, key);
    }

    /** Answers a keyed append that found its key: the remembered outcome, or a refusal of the reused key. */
    private CommandOutcome<R> earlierAnswer(AppendResult result, Idempotency idempotency) {
        if (result instanceof AppendResult.IdempotencyKeyReused) {
            return new CommandOutcome.KeyReused<>(idempotency.key());
        }
        if (!(result instanceof AppendResult.Replayed replayed)) {
            throw new IllegalStateException("an append with an idempotency key answered " + result);
        }
        IdempotentAppend earlier = replayed.original();
        String response = earlier.idempotency().response();
        Optional<JsonNode> rejection = earlier.events().isEmpty() ? rememberedRejection(response) : Optional.empty();
        if (rejection.isPresent()) {
            return new CommandOutcome.Refused<>(rejections.read(rejection.get().toString()), true);
        }
        return new CommandOutcome.Recorded<>(earlier.events(), response, true);
    }

    /**
     * The rejection a remembered refusal holds: {@link #refused} records no event and a response of one field,
     * {@code {"rejection": ...}}. Any other response is the caller's own, opaque (text, JSON of any shape), and
     * belongs to a recorded command.
     */
    private Optional<JsonNode> rememberedRejection(String response) {
        try {
            JsonNode remembered = json.readTree(response);
            return remembered != null && remembered.isObject() && remembered.size() == 1 && remembered.has(REJECTION)
                    ? Optional.of(remembered.get(REJECTION)) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Replays a stream from a snapshot (if any) through the events of a range after it. */
    private AggregateState<S> fold(String streamId, Optional<Snapshot> snapshot, StreamRange range) {
        S state = snapshot.map(s -> states.read(s.state())).orElseGet(aggregate::initialState);
        long version = snapshot.map(Snapshot::version).orElse(0L);
        Instant lastChangedAt = snapshot.map(Snapshot::asOf).orElse(null);
        StreamRange after = new StreamRange(version + 1, range.toVersion(), range.until());
        for (RecordedEvent event : store.readStream(streamId, after)) {
            state = aggregate.evolve(state, events.decode(event));
            version = event.streamVersion();
            lastChangedAt = event.createdAt();
        }
        return new AggregateState<>(streamId, state, version, Optional.ofNullable(lastChangedAt));
    }

    private void backOff(int attempt) {
        long bound = attempt >= Long.SIZE - 2 ? MAX_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, 1L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound) + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentionException("interrupted while waiting to retry a conflicting command");
        }
    }

    private String metadata(UUID correlationId, Optional<Idempotency> idempotency) {
        var metadata = json.createObjectNode().put("correlation_id", correlationId.toString());
        idempotency.ifPresent(key -> metadata.put("idempotency_key", key.key()));
        return metadata.toString();
    }

    /** What one stream does in a command: its state before, its new events, its state after. */
    private record StreamPlan<S, E>(AggregateState<S> before, List<E> events, S after) {
    }

    /**
     * A decided command: the streams to append to, in the command's order, or the rejection; whether a cached state
     * was used, and which streams the decision read from the cache without recording to them.
     */
    private final class Plan {
        final List<StreamPlan<S, E>> streams;
        final R rejection;
        final boolean usedCache;
        final List<String> readFromCacheOnly;

        Plan(List<StreamPlan<S, E>> streams, R rejection, boolean usedCache, List<String> readFromCacheOnly) {
            this.streams = streams;
            this.rejection = rejection;
            this.usedCache = usedCache;
            this.readFromCacheOnly = readFromCacheOnly;
        }
    }

    /**
     * Configures an {@link AggregateRepository}. The event store is required; everything else has a default.
     *
     * @param <S> the state type
     * @param <C> the command type
     * @param <E> the event type
     * @param <R> the rejection type
     */
    public static final class Builder<S, C, E, R extends Rejection> {
        private final String aggregateType;
        private final Aggregate<S, C, E, R> aggregate;
        private final EventCodec<E> events;
        private final TextCodec<R> rejections;
        private EventStore store;
        private SnapshotStore snapshots = NoSnapshots.INSTANCE; // keeps and finds nothing, until snapshots(...)
        private TextCodec<S> states;
        private Clock clock = Clock.systemUTC();
        private int snapshotEvery = 100;
        private int maxAttempts = 10;
        private int lockStripes = 1024;
        private int cacheSize = 10_000;

        private Builder(String aggregateType, Aggregate<S, C, E, R> aggregate, EventCodec<E> events,
                        TextCodec<R> rejections) {
            if (aggregateType == null || aggregateType.isBlank()) {
                throw new IllegalArgumentException("an aggregate type is required");
            }
            this.aggregateType = aggregateType;
            this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
            this.events = Objects.requireNonNull(events, "events");
            this.rejections = Objects.requireNonNull(rejections, "rejections");
        }

        /**
         * Sets the event store (required).
         *
         * @param eventStore the store
         * @return this builder
         */
        public Builder<S, C, E, R> eventStore(EventStore eventStore) {
            this.store = Objects.requireNonNull(eventStore, "eventStore");
            return this;
        }

        /**
         * Sets the snapshot store and how states are written to it; without them, nothing is snapshotted and
         * every load replays whole streams.
         *
         * @param snapshotStore the snapshot store
         * @param stateCodec    writes and reads a state
         * @return this builder
         */
        public Builder<S, C, E, R> snapshots(SnapshotStore snapshotStore, TextCodec<S> stateCodec) {
            this.snapshots = Objects.requireNonNull(snapshotStore, "snapshotStore");
            this.states = Objects.requireNonNull(stateCodec, "stateCodec");
            return this;
        }

        /**
         * Sets how often a stream is snapshotted, when there is a snapshot store (default 100; 0 never).
         *
         * @param events the number of events between two snapshots of a stream
         * @return this builder
         */
        public Builder<S, C, E, R> snapshotEvery(int events) {
            if (events < 0) {
                throw new IllegalArgumentException("snapshotEvery must not be negative, was " + events);
            }
            this.snapshotEvery = events;
            return this;
        }

        /**
         * Sets the clock event and correlation ids are made from (default: the system clock in UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder<S, C, E, R> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how many times a command is decided before the repository gives up on conflicts (default 10).
         *
         * @param attempts the number of attempts, 1 or more
         * @return this builder
         */
        public Builder<S, C, E, R> maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the number of lock stripes (default 1024).
         *
         * @param stripes the number of stripes, 1 or more
         * @return this builder
         */
        public Builder<S, C, E, R> lockStripes(int stripes) {
            if (stripes < 1) {
                throw new IllegalArgumentException("lockStripes must be 1 or more, was " + stripes);
            }
            this.lockStripes = stripes;
            return this;
        }

        /**
         * Sets how many stream states are cached (default 10,000; 0 caches nothing).
         *
         * @param streams the cache's capacity
         * @return this builder
         */
        public Builder<S, C, E, R> cacheSize(int streams) {
            if (streams < 0) {
                throw new IllegalArgumentException("cacheSize must not be negative, was " + streams);
            }
            this.cacheSize = streams;
            return this;
        }

        /**
         * Builds the repository.
         *
         * @return the repository
         * @throws NullPointerException when no event store was set
         */
        public AggregateRepository<S, C, E, R> build() {
            return new AggregateRepository<>(this);
        }
    }
}
