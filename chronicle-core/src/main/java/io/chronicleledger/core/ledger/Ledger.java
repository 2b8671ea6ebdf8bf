package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chronicleledger.core.aggregate.AggregateRepository;
import io.chronicleledger.core.aggregate.AggregateState;
import io.chronicleledger.core.aggregate.CommandOutcome;
import io.chronicleledger.core.aggregate.ContentionException;
import io.chronicleledger.core.aggregate.Decision;
import io.chronicleledger.core.aggregate.StreamEvent;
import io.chronicleledger.core.aggregate.TextCodec;
import io.chronicleledger.core.internal.NoSnapshots;
import io.chronicleledger.core.internal.Uuids;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.support.Json;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger: the facade applications call to create accounts and move money, and to ask what a balance was.
 *
 * <p>The banking domain on the library's generic command path: {@link Account} is the aggregate, and an
 * {@link AggregateRepository} loads, decides, appends and retries for it. A transfer is one decision over the
 * two accounts' streams.
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

    private static final String TRANSFER_ID = "transfer_id";
    private static final String NO_RESPONSE = "{}";

    private final EventStore store;
    private final Clock clock;
    private final AggregateRepository<AccountState, AccountCommand, AccountEvent, LedgerRejection> accounts;

    private Ledger(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "an event store is required");
        this.clock = builder.clock;
        this.accounts = AggregateRepository.builder(LedgerEvents.AGGREGATE_TYPE, Account.INSTANCE,
                        LedgerEvents.codec(), TextCodec.json(LedgerRejection.class))
                .eventStore(builder.store)
                .snapshots(builder.snapshots, TextCodec.json(AccountState.class))
                .snapshotEvery(builder.snapshotEvery)
                .clock(builder.clock)
                .maxAttempts(builder.maxAttempts)
                .lockStripes(builder.lockStripes)
                .cacheSize(builder.cacheSize)
                .build();
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
        return run(command, Optional.of(new KeyedRequest(IdempotencyKeys.check(idempotencyKey),
                RequestHash.of(command))));
    }

    private CommandResult run(LedgerCommand command, Optional<KeyedRequest> keyed) {
        UUID correlationId = Uuids.timeOrdered(clock);
        try {
            if (command instanceof Transfer transfer) {
                return transfer(transfer, correlationId, keyed);
            }
            AccountCommand single = (AccountCommand) command;
            String accountId = single.accountId().value();
            return answer(accounts.execute(List.of(accountId),
                    states -> StreamEvent.inStream(accountId, Account.INSTANCE.decide(states.get(accountId), single)),
                    keyed.map(k -> k.idempotency(NO_RESPONSE)), correlationId), Optional.empty());
        } catch (ContentionException e) {
            throw new LedgerContentionException(e.getMessage());
        }
    }

    /**
     * A transfer: the sender's and the receiver's events in one append, both carrying the transfer's id (the
     * command's correlation id); a transfer to the same account is refused on that account's stream alone.
     */
    private CommandResult transfer(Transfer transfer, UUID transferId, Optional<KeyedRequest> keyed) {
        String from = transfer.fromAccountId().value();
        String to = transfer.toAccountId().value();
        Optional<Idempotency> idempotency = keyed.map(k -> k.idempotency(
                "{\"" + TRANSFER_ID + "\":\"" + transferId + "\"}"));
        if (from.equals(to)) {
            return answer(accounts.execute(List.of(from), states -> Decision.reject(
                    new LedgerRejection.SameAccountTransfer(transfer.fromAccountId())), idempotency, transferId),
                    Optional.of(transferId));
        }
        return answer(accounts.execute(List.of(from, to), states -> {
            AccountState sender = states.get(from);
            AccountState receiver = states.get(to);
            if (sender.exists() && !receiver.exists()) {
                return Decision.reject(new LedgerRejection.AccountNotFound(transfer.toAccountId()));
            }
            Decision<StreamEvent<AccountEvent>, LedgerRejection> sent = StreamEvent.inStream(from,
                    Account.INSTANCE.decide(sender, new SendTransfer(transferId, transfer.fromAccountId(),
                            transfer.toAccountId(), transfer.amount(), transfer.currency(), transfer.description())));
            if (!(sent instanceof Decision.Accepted<StreamEvent<AccountEvent>, LedgerRejection> sending)) {
                return sent;
            }
            Decision<StreamEvent<AccountEvent>, LedgerRejection> received = StreamEvent.inStream(to,
                    Account.INSTANCE.decide(receiver, new ReceiveTransfer(transferId, transfer.fromAccountId(),
                            transfer.toAccountId(), transfer.amount(), sender.currency(), transfer.description())));
            if (!(received instanceof Decision.Accepted<StreamEvent<AccountEvent>, LedgerRejection> receiving)) {
                return received;
            }
            List<StreamEvent<AccountEvent>> events = new ArrayList<>(sending.events());
            events.addAll(receiving.events());
            return Decision.accept(events);
        }, idempotency, transferId), Optional.of(transferId));
    }

    /** Maps the repository's outcome to the ledger's result; a replayed transfer's id comes from its response. */
    private static CommandResult answer(CommandOutcome<LedgerRejection> outcome, Optional<UUID> transferId) {
        if (outcome instanceof CommandOutcome.Refused<LedgerRejection> refused) {
            return new CommandResult.Rejected(refused.rejection());
        }
        if (outcome instanceof CommandOutcome.KeyReused<LedgerRejection> reused) {
            return new CommandResult.Rejected(new LedgerRejection.IdempotencyKeyReused(reused.key()));
        }
        CommandOutcome.Recorded<LedgerRejection> recorded = (CommandOutcome.Recorded<LedgerRejection>) outcome;
        Optional<UUID> id = recorded.replayed() ? rememberedTransferId(recorded.response()) : transferId;
        return new CommandResult.Accepted(recorded.events(), id, recorded.replayed());
    }

    private static Optional<UUID> rememberedTransferId(String response) {
        try {
            JsonNode remembered = Json.shared().readTree(response);
            return remembered.hasNonNull(TRANSFER_ID)
                    ? Optional.of(UUID.fromString(remembered.get(TRANSFER_ID).asText()))
                    : Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a remembered response does not read as JSON", e);
        }
    }

    /**
     * Returns the current state of an account, read from the store (not from the cache).
     *
     * @param accountId the account
     * @return its state, or empty when it does not exist
     */
    public Optional<AccountState> account(AccountId accountId) {
        AccountState state = accounts.current(accountId.value()).state();
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
        AggregateState<AccountState> then = accounts.stateAt(accountId.value(), time);
        if (then.exists()) {
            return balance(accountId, then);
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
        AggregateState<AccountState> then = accounts.stateAtVersion(accountId.value(), version);
        if (!then.exists()) {
            return new BalanceAt.NotFound(accountId);
        }
        if (then.version() < version) {
            return new BalanceAt.VersionNotReached(accountId, then.version());
        }
        return balance(accountId, then);
    }

    private static BalanceAt balance(AccountId accountId, AggregateState<AccountState> then) {
        return new BalanceAt.Balance(accountId, then.state().balance(), then.version(),
                then.lastChangedAt().orElseThrow());
    }

    /** An idempotency key and the hash of the command it came with. */
    private record KeyedRequest(String key, String hash) {
        Idempotency idempotency(String response) {
            return new Idempotency(key, hash, response);
        }
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
