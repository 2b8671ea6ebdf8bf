package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.aggregate.Decision;
import io.chronicleledger.core.codec.EventCodec;
import io.chronicleledger.core.internal.NoSnapshots;
import io.chronicleledger.core.internal.StripedLocks;
import io.chronicleledger.core.internal.Uuids;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.IdempotentAppend;
import io.chronicleledger.core.store.Idempotency;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ledger: the facade applications call to create accounts and move money, and to ask what a balance was.
 *
 * <h2>How a command runs</h2>
 * <ol>
 *   <li>The accounts it touches are locked inside this process (striped locks, taken in a fixed order, so a
 *   transfer cannot deadlock with another), so that the process does not conflict with itself.</li>
 *   <li>Each account is loaded: from a cache of recent states, else from its newest snapshot plus the events
 *   after it.</li>
 *   <li>The {@link Account} aggregate decides: events, or a {@link LedgerRejection}.</li>
 *   <li>The events of every account are appended in one atomic append, guarded by the versions loaded. If
 *   another process got there first, the ledger reloads and decides again, a bounded number of times with
 *   jittered back-off, then gives up with a {@link LedgerContentionException}.</li>
 * </ol>
 * A rejection decided on a cached state is decided again on a fresh one before it is returned, so a stale
 * cache never refuses a valid command.
 *
 * <h2>Idempotency</h2>
 * {@link #execute(LedgerCommand, String)} stores the key, with a hash of the command, in the same atomic
 * append as the events. The same key and command again answers the original events
 * ({@link CommandResult.Accepted#replayed()}) and records nothing; the same key with another command is refused
 * with {@link LedgerRejection.IdempotencyKeyReused}. A refusal is remembered too (an append of the key alone):
 * the retry of a refused command gets the same refusal, even if it would now succeed.
 *
 * <h2>Snapshots and time travel</h2>
 * Every {@code snapshotEvery} events of an account, its state is saved to the snapshot store.
 * {@link #balanceAt(AccountId, Instant)} and {@link #balanceAt(AccountId, long)} replay from the newest
 * snapshot at or before the moment or version asked about.
 *
 * <p>Instances are thread-safe. Build one with {@link #builder()}.
 */
public final class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final long MAX_BACKOFF_MILLIS = 64;
    private static final String TRANSFER_ID = "transfer_id";
    private static final String REJECTION = "rejection";

    private final EventStore store;
    private final SnapshotStore snapshots;
    private final Clock clock;
    private final int snapshotEvery;
    private final int maxAttempts;
    private final StripedLocks locks;
    private final BoundedCache<AccountId, Loaded> cache;
    private final EventCodec<AccountEvent> codec = LedgerEvents.codec();
    private final ObjectMapper json = Json.shared();

    private Ledger(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "an event store is required");
        this.snapshots = builder.snapshots;
        this.clock = builder.clock;
        this.snapshotEvery = builder.snapshotEvery;
        this.maxAttempts = builder.maxAttempts;
        this.locks = new StripedLocks(builder.lockStripes);
        this.cache = new BoundedCache<>(builder.cacheSize);
    }

    /**
     * Starts building a ledger.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Executes a command.
     *
     * @param command the command
     * @return the recorded events, or why the command was refused
     * @throws LedgerContentionException when other processes kept changing the accounts
     */
    public CommandResult execute(LedgerCommand command) {
        return run(command, Optional.empty());
    }

    /**
     * Executes a command at most once per idempotency key.
     *
     * @param command        the command
     * @param idempotencyKey the client's key for this request: 1 to 255 visible ASCII characters
     * @return the recorded events (the original ones for a retry), or why the command was refused (the
     *         original refusal for a retry)
     * @throws InvalidValueException     ({@code INVALID_IDEMPOTENCY_KEY}) when the key breaks the rule
     * @throws LedgerContentionException when other processes kept changing the accounts
     */
    public CommandResult execute(LedgerCommand command, String idempotencyKey) {
        KeyedRequest keyed = new KeyedRequest(IdempotencyKeys.check(idempotencyKey), RequestHash.of(command));
        return run(command, Optional.of(keyed));
    }

    private CommandResult run(LedgerCommand command, Optional<KeyedRequest> keyed) {
        UUID correlationId = Uuids.timeOrdered(clock);
        String metadata = metadata(correlationId, keyed);
        List<String> streams = command.accounts().stream().map(AccountId::value).toList();
        StripedLocks.Held held = locks.lock(streams);
        try {
            for (int attempt = 1; ; attempt++) {
                Plan plan = plan(command, correlationId);
                if (plan.rejection != null) {
                    if (plan.usedCache) {
                        command.accounts().forEach(cache::remove);
                        continue;
                    }
                    CommandResult.Rejected refused = new CommandResult.Rejected(plan.rejection);
                    return keyed.map(k -> idempotentAnswer(store.append(AppendRequest.rememberOnly(
                            new Idempotency(k.key, k.hash, refusal(plan.rejection)))), k, refused))
                            .orElse(refused);
                }
                AppendResult result = append(plan, metadata, keyed);
                if (result instanceof AppendResult.Appended appended) {
                    remember(plan, appended);
                    return new CommandResult.Accepted(appended.events(), plan.transferId, false);
                }
                if (!(result instanceof AppendResult.VersionConflict conflict)) {
                    return idempotentAnswer(result, keyed.orElseThrow(), null);
                }
                command.accounts().forEach(cache::remove);
                if (attempt >= maxAttempts) {
                    throw new LedgerContentionException("stream " + conflict.streamId() + " kept changing; gave up after "
                            + attempt + " attempts");
                }
                backOff(attempt);
            }
        } finally {
            held.close();
        }
    }

    /** Loads the accounts of a command and decides it. */
    private Plan plan(LedgerCommand command, UUID correlationId) {
        if (command instanceof Transfer transfer) {
            return planTransfer(transfer, correlationId);
        }
        AccountCommand single = (AccountCommand) command;
        Loaded account = load(single.accountId());
        Plan plan = new Plan(Optional.empty(), account.fromCache);
        plan.decide(single.accountId(), account, Account.INSTANCE.decide(account.state, single));
        return plan;
    }

    private Plan planTransfer(Transfer transfer, UUID transferId) {
        Plan plan = new Plan(Optional.of(transferId), false);
        if (transfer.fromAccountId().equals(transfer.toAccountId())) {
            plan.rejection = new LedgerRejection.SameAccountTransfer(transfer.fromAccountId());
            return plan;
        }
        Loaded from = load(transfer.fromAccountId());
        Loaded to = load(transfer.toAccountId());
        plan.usedCache = from.fromCache || to.fromCache;
        if (from.state.exists() && !to.state.exists()) {
            plan.rejection = new LedgerRejection.AccountNotFound(transfer.toAccountId());
            return plan;
        }
        plan.decide(transfer.fromAccountId(), from, Account.INSTANCE.decide(from.state,
                new SendTransfer(transferId, transfer.fromAccountId(), transfer.toAccountId(), transfer.amount(),
                        transfer.currency(), transfer.description())));
        if (plan.rejection == null) {
            plan.decide(transfer.toAccountId(), to, Account.INSTANCE.decide(to.state,
                    new ReceiveTransfer(transferId, transfer.fromAccountId(), transfer.toAccountId(),
                            transfer.amount(), from.state.currency(), transfer.description())));
        }
        return plan;
    }

    private AppendResult append(Plan plan, String metadata, Optional<KeyedRequest> keyed) {
        List<StreamAppend> appends = new ArrayList<>(plan.streams.size());
        for (StreamPlan stream : plan.streams) {
            List<NewEvent> events = new ArrayList<>(stream.events.size());
            for (AccountEvent event : stream.events) {
                events.add(codec.encode(Uuids.timeOrdered(clock), event, metadata));
            }
            appends.add(new StreamAppend(stream.accountId.value(), LedgerEvents.AGGREGATE_TYPE,
                    stream.before.version, events));
        }
        Optional<Idempotency> idempotency = keyed.map(k -> new Idempotency(k.key, k.hash, response(plan)));
        try {
            return store.append(new AppendRequest(appends, idempotency));
        } catch (RuntimeException e) {
            // The outcome is unknown (the append may have committed): forget what this process believes.
            plan.streams.forEach(stream -> cache.remove(stream.accountId));
            throw e;
        }
    }

    /** Caches the new states and saves the snapshots that fall due. */
    private void remember(Plan plan, AppendResult.Appended appended) {
        for (StreamPlan stream : plan.streams) {
            long version = stream.before.version + stream.events.size();
            cache.put(stream.accountId, new Loaded(stream.after, version, true));
            if (snapshotEvery > 0 && version / snapshotEvery > stream.before.version / snapshotEvery) {
                saveSnapshot(stream, version, lastEventOf(appended, stream.accountId).createdAt());
            }
        }
    }

    /** Saves a snapshot; the command is recorded already, so a failure here is only logged. */
    private void saveSnapshot(StreamPlan stream, long version, Instant asOf) {
        try {
            snapshots.save(new Snapshot(stream.accountId.value(), version, asOf, write(stream.after)));
        } catch (RuntimeException e) {
            LOG.warn("could not save the snapshot of {} at version {}; loads replay more events until the next one",
                    stream.accountId, version, e);
        }
    }

    private static RecordedEvent lastEventOf(AppendResult.Appended appended, AccountId accountId) {
        RecordedEvent last = null;
        for (RecordedEvent event : appended.events()) {
            if (event.aggregateId().equals(accountId.value())) {
                last = event;
            }
        }
        return Objects.requireNonNull(last, "the append recorded no event of " + accountId);
    }

    /**
     * Answers an append that carried an idempotency key and did not conflict: the remembered answer of an
     * earlier request with the key, a refusal when the key was used for another request, or {@code fresh}.
     */
    private CommandResult idempotentAnswer(AppendResult result, KeyedRequest keyed, CommandResult fresh) {
        if (result instanceof AppendResult.IdempotencyKeyReused) {
            return new CommandResult.Rejected(new LedgerRejection.IdempotencyKeyReused(keyed.key));
        }
        if (!(result instanceof AppendResult.Replayed replayed)) {
            return fresh;
        }
        IdempotentAppend earlier = replayed.original();
        JsonNode response = read(earlier.idempotency().response());
        if (response.has(REJECTION)) {
            try {
                return new CommandResult.Rejected(json.treeToValue(response.get(REJECTION), LedgerRejection.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a remembered refusal does not decode", e);
            }
        }
        Optional<UUID> transferId = response.hasNonNull(TRANSFER_ID)
                ? Optional.of(UUID.fromString(response.get(TRANSFER_ID).asText()))
                : Optional.empty();
        return new CommandResult.Accepted(earlier.events(), transferId, true);
    }

    /**
     * Returns the current state of an account, read from the store (not from the cache).
     *
     * @param accountId the account
     * @return its state, or empty when it does not exist
     */
    public Optional<AccountState> account(AccountId accountId) {
        AccountState state = fold(accountId, snapshots.latest(accountId.value()), StreamRange.all()).state;
        return state.exists() ? Optional.of(state) : Optional.empty();
    }

    /**
     * Returns the balance of an account at a moment, by replay from the newest snapshot at or before it.
     *
     * @param accountId the account
     * @param time      the moment, inclusive: an event recorded exactly then counts
     * @return the balance then; {@link BalanceAt.NotYetCreated} when the account was created later;
     *         {@link BalanceAt.NotFound} when there is no such account
     */
    public BalanceAt balanceAt(AccountId accountId, Instant time) {
        Loaded then = fold(accountId, snapshots.latestAtOrBefore(accountId.value(), time),
                StreamRange.all().until(time));
        if (then.version > 0) {
            return new BalanceAt.Balance(accountId, then.state.balance(), then.version, then.lastChangedAt);
        }
        List<RecordedEvent> first = store.readStream(accountId.value(), StreamRange.all().upToVersion(1));
        return first.isEmpty()
                ? new BalanceAt.NotFound(accountId)
                : new BalanceAt.NotYetCreated(accountId, first.get(0).createdAt());
    }

    /**
     * Returns the balance of an account after its {@code version}-th event, by replay from the newest snapshot
     * at or before that version.
     *
     * @param accountId the account
     * @param version   the stream version, 1 or more
     * @return the balance then; {@link BalanceAt.VersionNotReached} when the account has fewer events;
     *         {@link BalanceAt.NotFound} when there is no such account
     * @throws InvalidValueException ({@code INVALID_VERSION}) when the version is below 1
     */
    public BalanceAt balanceAt(AccountId accountId, long version) {
        if (version < 1) {
            throw new InvalidValueException("INVALID_VERSION", "version must be 1 or more");
        }
        Loaded then = fold(accountId, snapshots.latestAtOrBefore(accountId.value(), version),
                StreamRange.all().upToVersion(version));
        if (then.version == 0) {
            return new BalanceAt.NotFound(accountId);
        }
        if (then.version < version) {
            return new BalanceAt.VersionNotReached(accountId, then.version);
        }
        return new BalanceAt.Balance(accountId, then.state.balance(), then.version, then.lastChangedAt);
    }

    private Loaded load(AccountId accountId) {
        Loaded cached = cache.get(accountId);
        if (cached != null) {
            return cached;
        }
        Loaded loaded = fold(accountId, snapshots.latest(accountId.value()), StreamRange.all());
        Loaded remembered = new Loaded(loaded.state, loaded.version, true);
        cache.put(accountId, remembered);
        return loaded;
    }

    /** Replays an account from a snapshot (if any) through the events of a range after it. */
    private Loaded fold(AccountId accountId, Optional<Snapshot> snapshot, StreamRange range) {
        AccountState state = snapshot.map(s -> readState(s.state())).orElseGet(Account.INSTANCE::initialState);
        long version = snapshot.map(Snapshot::version).orElse(0L);
        Instant lastChangedAt = snapshot.map(Snapshot::asOf).orElse(null);
        StreamRange after = new StreamRange(version + 1, range.toVersion(), range.until());
        for (RecordedEvent event : store.readStream(accountId.value(), after)) {
            state = Account.INSTANCE.evolve(state, codec.decode(event));
            version = event.streamVersion();
            lastChangedAt = event.createdAt();
        }
        return new Loaded(state, version, lastChangedAt, false);
    }

    private void backOff(int attempt) {
        long bound = Math.min(MAX_BACKOFF_MILLIS, 1L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound) + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerContentionException("interrupted while waiting to retry a conflicting command");
        }
    }

    private String metadata(UUID correlationId, Optional<KeyedRequest> keyed) {
        ObjectNode metadata = json.createObjectNode().put("correlation_id", correlationId.toString());
        keyed.ifPresent(k -> metadata.put("idempotency_key", k.key));
        return write(metadata);
    }

    private String response(Plan plan) {
        ObjectNode response = json.createObjectNode();
        plan.transferId.ifPresent(id -> response.put(TRANSFER_ID, id.toString()));
        return write(response);
    }

    private String refusal(LedgerRejection rejection) {
        ObjectNode response = json.createObjectNode();
        response.set(REJECTION, json.valueToTree(rejection));
        return write(response);
    }

    private AccountState readState(String state) {
        try {
            return json.readValue(state, AccountState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot does not decode as an account state", e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a remembered response does not decode", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** An account as loaded: its state, version, and the time of its last event. */
    private static final class Loaded {
        final AccountState state;
        final long version;
        final Instant lastChangedAt;
        final boolean fromCache;

        Loaded(AccountState state, long version, boolean fromCache) {
            this(state, version, null, fromCache);
        }

        Loaded(AccountState state, long version, Instant lastChangedAt, boolean fromCache) {
            this.state = state;
            this.version = version;
            this.lastChangedAt = lastChangedAt;
            this.fromCache = fromCache;
        }
    }

    /** What one account does in a command: its state before, its new events, its state after. */
    private record StreamPlan(AccountId accountId, Loaded before, List<AccountEvent> events, AccountState after) {
    }

    /** A decided command: the streams to append, or the rejection. */
    private static final class Plan {
        final Optional<UUID> transferId;
        final List<StreamPlan> streams = new ArrayList<>(2);
        boolean usedCache;
        LedgerRejection rejection;

        Plan(Optional<UUID> transferId, boolean usedCache) {
            this.transferId = transferId;
            this.usedCache = usedCache;
        }

        void decide(AccountId accountId, Loaded before, Decision<AccountEvent, LedgerRejection> decision) {
            if (decision instanceof Decision.Rejected<AccountEvent, LedgerRejection> rejected) {
                rejection = rejected.rejection();
                return;
            }
            List<AccountEvent> events = ((Decision.Accepted<AccountEvent, LedgerRejection>) decision).events();
            streams.add(new StreamPlan(accountId, before, events,
                    Account.INSTANCE.evolveAll(before.state, events)));
        }
    }

    /** An idempotency key and the hash of the command it came with. */
    private record KeyedRequest(String key, String hash) {
    }

    /**
     * Configures a {@link Ledger}. Only the event store is required.
     */
    public static final class Builder {
        private EventStore store;
        private SnapshotStore snapshots = NoSnapshots.INSTANCE;
        private Clock clock = Clock.systemUTC();
        private int snapshotEvery = 100;
        private int maxAttempts = 10;
        private int lockStripes = 1024;
        private int cacheSize = 10_000;

        private Builder() {
        }

        /**
         * Sets the event store (required).
         *
         * @param eventStore the store
         * @return this builder
         */
        public Builder eventStore(EventStore eventStore) {
            this.store = Objects.requireNonNull(eventStore, "eventStore");
            return this;
        }

        /**
         * Sets the snapshot store; without one, nothing is snapshotted and every load replays whole streams.
         *
         * @param snapshotStore the snapshot store
         * @return this builder
         */
        public Builder snapshotStore(SnapshotStore snapshotStore) {
            this.snapshots = Objects.requireNonNull(snapshotStore, "snapshotStore");
            return this;
        }

        /**
         * Sets how often an account is snapshotted (default 100; 0 never).
         *
         * @param events the number of events between two snapshots of an account
         * @return this builder
         */
        public Builder snapshotEvery(int events) {
            if (events < 0) {
                throw new IllegalArgumentException("snapshotEvery must not be negative");
            }
            this.snapshotEvery = events;
            return this;
        }

        /**
         * Sets the clock ids are made from (default: the system clock in UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how many times a command is decided before the ledger gives up on conflicts (default 10).
         *
         * @param attempts the number of attempts, 1 or more
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be 1 or more");
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
        public Builder lockStripes(int stripes) {
            if (stripes < 1) {
                throw new IllegalArgumentException("lockStripes must be 1 or more");
            }
            this.lockStripes = stripes;
            return this;
        }

        /**
         * Sets how many account states are cached (default 10,000; 0 caches nothing).
         *
         * @param accounts the cache's capacity
         * @return this builder
         */
        public Builder cacheSize(int accounts) {
            if (accounts < 0) {
                throw new IllegalArgumentException("cacheSize must not be negative");
            }
            this.cacheSize = accounts;
            return this;
        }

        /**
         * Builds the ledger.
         *
         * @return the ledger
         * @throws NullPointerException when no event store was set
         */
        public Ledger build() {
            return new Ledger(this);
        }
    }
}
