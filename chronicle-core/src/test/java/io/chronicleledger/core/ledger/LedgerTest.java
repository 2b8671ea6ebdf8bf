package io.chronicleledger.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.Snapshot;
import io.chronicleledger.core.store.SnapshotStore;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Ledger")
class LedgerTest {

    private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final AccountId ALICE = AccountId.of("ALICE");
    private static final AccountId BOB = AccountId.of("BOB");
    private static final AccountId EURO = AccountId.of("EURO");
    private static final AccountId NOBODY = AccountId.of("NOBODY");
    private static final ObjectMapper JSON = new ObjectMapper();

    private MutableClock clock;
    private InMemoryEventStore store;
    private InMemorySnapshotStore snapshots;
    private Ledger ledger;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        store = new InMemoryEventStore(clock);
        snapshots = new InMemorySnapshotStore();
        ledger = Ledger.builder().eventStore(store).snapshotStore(snapshots).clock(clock).build();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    private static CreateAccount create(AccountId id, String amount, String currency) {
        return new CreateAccount(id, OwnerName.of("Owner of " + id), Money.of(amount, currency));
    }

    private static Deposit deposit(AccountId id, String amount) {
        return Deposit.of(id, dec(amount), Description.of("in"));
    }

    private static Withdraw withdraw(AccountId id, String amount) {
        return Withdraw.of(id, dec(amount), Description.of("out"));
    }

    private static Transfer transfer(AccountId from, AccountId to, String amount) {
        return Transfer.of(from, to, dec(amount), Description.of("pay"));
    }

    private static CommandResult.Accepted accepted(CommandResult result) {
        assertThat(result).as("the command is accepted").isInstanceOf(CommandResult.Accepted.class);
        return (CommandResult.Accepted) result;
    }

    private static LedgerRejection rejected(CommandResult result) {
        assertThat(result).as("the command is rejected").isInstanceOf(CommandResult.Rejected.class);
        return ((CommandResult.Rejected) result).rejection();
    }

    private static CommandResult.Accepted run(Ledger target, LedgerCommand command) {
        return accepted(target.execute(command));
    }

    private CommandResult.Accepted run(LedgerCommand command) {
        return run(ledger, command);
    }

    private static Money balance(Ledger target, AccountId id) {
        return target.account(id).orElseThrow().balance();
    }

    private Money balance(AccountId id) {
        return balance(ledger, id);
    }

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(1));
    }

    // ---- tests ---------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("single-account commands")
    class SingleAccount {

        @Test
        @DisplayName("create records AccountCreated at version 1, and the account reads back")
        void create_account() {
            CommandResult.Accepted result = run(create(ALICE, "500", "USD"));

            assertThat(result.replayed()).isFalse();
            assertThat(result.transferId()).isEmpty();
            assertThat(result.events()).hasSize(1);
            RecordedEvent event = result.events().get(0);
            assertThat(event.eventType()).isEqualTo(LedgerEvents.ACCOUNT_CREATED);
            assertThat(event.aggregateId()).isEqualTo("ALICE");
            assertThat(event.aggregateType()).isEqualTo(LedgerEvents.AGGREGATE_TYPE);
            assertThat(event.streamVersion()).isEqualTo(1);
            assertThat(result.eventId()).isEqualTo(event.eventId());
            assertThat(result.lastPosition()).isEqualTo(store.headPosition());
            assertThat(json(event.data()).get("initial_balance").asText()).isEqualTo("500.00");

            AccountState state = ledger.account(ALICE).orElseThrow();
            assertThat(state.accountId()).isEqualTo("ALICE");
            assertThat(state.ownerName()).isEqualTo("Owner of ALICE");
            assertThat(state.balance()).isEqualTo(usd("500.00"));
        }

        @Test
        @DisplayName("deposit and withdraw move the balance exactly")
        void deposit_and_withdraw() {
            run(create(ALICE, "0", "USD"));

            CommandResult.Accepted deposited = run(deposit(ALICE, "100.10"));
            CommandResult.Accepted withdrawn = run(withdraw(ALICE, "0.20"));
            run(deposit(ALICE, "0.1"));

            assertThat(deposited.events().get(0).eventType()).isEqualTo(LedgerEvents.MONEY_DEPOSITED);
            assertThat(deposited.events().get(0).streamVersion()).isEqualTo(2);
            assertThat(withdrawn.events().get(0).eventType()).isEqualTo(LedgerEvents.MONEY_WITHDRAWN);
            assertThat(withdrawn.events().get(0).streamVersion()).isEqualTo(3);
            assertThat(balance(ALICE)).isEqualTo(usd("100.00"));
            assertThat(store.readStream("ALICE", StreamRange.all())).hasSize(4);
        }

        @Test
        @DisplayName("creating an account twice is rejected with AccountAlreadyExists and records nothing")
        void create_twice() {
            run(create(ALICE, "1", "USD"));
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(create(ALICE, "2", "EUR"))))
                    .isEqualTo(new LedgerRejection.AccountAlreadyExists(ALICE));
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(ALICE)).isEqualTo(usd("1"));
        }

        @Test
        @DisplayName("a deposit to an unknown account is rejected with AccountNotFound")
        void deposit_unknown() {
            assertThat(rejected(ledger.execute(deposit(NOBODY, "1"))))
                    .isEqualTo(new LedgerRejection.AccountNotFound(NOBODY));
            assertThat(store.headPosition()).isZero();
            assertThat(ledger.account(NOBODY)).isEmpty();
        }

        @Test
        @DisplayName("withdrawing more than the balance is rejected with InsufficientFunds and records nothing")
        void overdraw() {
            run(create(ALICE, "10", "USD"));

            assertThat(rejected(ledger.execute(withdraw(ALICE, "10.01"))))
                    .isEqualTo(new LedgerRejection.InsufficientFunds(ALICE, usd("10"), usd("10.01")));
            assertThat(store.headPosition()).isEqualTo(1);
        }

        @Test
        @DisplayName("an amount with too many decimals for a JPY account is rejected with InvalidAmount")
        void jpy_decimals() {
            AccountId yen = AccountId.of("YEN");
            run(new CreateAccount(yen, OwnerName.of("Taro"), Money.of("1000", "JPY")));

            assertThat(rejected(ledger.execute(deposit(yen, "0.5")))).isInstanceOf(LedgerRejection.InvalidAmount.class);
            assertThat(balance(yen)).isEqualTo(Money.of("1000", "JPY"));
        }

        @Test
        @DisplayName("every event carries the command's correlation id in its metadata")
        void metadata_has_correlation_id() {
            CommandResult.Accepted result = run(create(ALICE, "1", "USD"));

            JsonNode metadata = json(result.events().get(0).metadata());
            assertThat(UUID.fromString(metadata.get("correlation_id").asText()).version()).isEqualTo(7);
            assertThat(metadata.has("idempotency_key")).isFalse();
        }
    }

    @Nested
    @DisplayName("transfers")
    class Transfers {

        @BeforeEach
        void accounts() {
            run(create(ALICE, "100", "USD"));
            run(create(BOB, "50", "USD"));
            run(create(EURO, "100", "EUR"));
        }

        @Test
        @DisplayName("append exactly two events, TransferSent then TransferReceived, with one transfer id")
        void two_events() {
            long head = store.headPosition();

            CommandResult.Accepted result = run(transfer(ALICE, BOB, "30.25"));

            assertThat(store.headPosition()).isEqualTo(head + 2);
            assertThat(result.transferId()).isPresent();
            UUID transferId = result.transferId().orElseThrow();
            assertThat(result.events()).extracting(RecordedEvent::eventType)
                    .containsExactly(LedgerEvents.TRANSFER_SENT, LedgerEvents.TRANSFER_RECEIVED);
            assertThat(result.events()).extracting(RecordedEvent::aggregateId).containsExactly("ALICE", "BOB");
            assertThat(result.events()).extracting(RecordedEvent::position).containsExactly(head + 1, head + 2);
            assertThat(result.lastPosition()).isEqualTo(head + 2);

            TransferSent sent = (TransferSent) LedgerEvents.codec().decode(result.events().get(0));
            TransferReceived received = (TransferReceived) LedgerEvents.codec().decode(result.events().get(1));
            assertThat(sent).isEqualTo(new TransferSent(transferId, "BOB", dec("30.25"), "pay"));
            assertThat(received).isEqualTo(new TransferReceived(transferId, "ALICE", dec("30.25"), "pay"));

            assertThat(balance(ALICE)).isEqualTo(usd("69.75"));
            assertThat(balance(BOB)).isEqualTo(usd("80.25"));
        }

        @Test
        @DisplayName("to the same account is rejected with SameAccountTransfer")
        void to_self() {
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(transfer(ALICE, ALICE, "1"))))
                    .isEqualTo(new LedgerRejection.SameAccountTransfer(ALICE));
            assertThat(store.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("to an unknown account is rejected with AccountNotFound of the payee, and records nothing")
        void to_unknown() {
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(transfer(ALICE, NOBODY, "1"))))
                    .isEqualTo(new LedgerRejection.AccountNotFound(NOBODY));
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(ALICE)).isEqualTo(usd("100"));
        }

        @Test
        @DisplayName("from an unknown account is rejected with AccountNotFound of the payer")
        void from_unknown() {
            assertThat(rejected(ledger.execute(transfer(NOBODY, ALICE, "1"))))
                    .isEqualTo(new LedgerRejection.AccountNotFound(NOBODY));
            assertThat(balance(ALICE)).isEqualTo(usd("100"));
        }

        @Test
        @DisplayName("between USD and EUR accounts is rejected with CurrencyMismatch, and records nothing")
        void across_currencies() {
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(transfer(ALICE, EURO, "1"))))
                    .isEqualTo(new LedgerRejection.CurrencyMismatch(EURO, EUR, USD));
            assertThat(rejected(ledger.execute(transfer(EURO, ALICE, "1"))))
                    .isInstanceOf(LedgerRejection.CurrencyMismatch.class);
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(ALICE)).isEqualTo(usd("100"));
            assertThat(balance(EURO)).isEqualTo(Money.of("100", "EUR"));
        }

        @Test
        @DisplayName("naming a currency that is not the payer's is rejected with CurrencyMismatch")
        void named_currency() {
            Transfer inEuros = new Transfer(ALICE, BOB, dec("1"), Optional.of(EUR), Description.NONE);

            assertThat(rejected(ledger.execute(inEuros)))
                    .isEqualTo(new LedgerRejection.CurrencyMismatch(ALICE, USD, EUR));
        }

        @Test
        @DisplayName("beyond the payer's balance is rejected with InsufficientFunds, and nothing moves")
        void insufficient() {
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(transfer(BOB, ALICE, "50.01"))))
                    .isEqualTo(new LedgerRejection.InsufficientFunds(BOB, usd("50"), usd("50.01")));
            assertThat(store.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("that would take the payee above MAX_AMOUNT is rejected, and the payer keeps its money")
        void payee_over_limit() {
            AccountId rich = AccountId.of("RICH");
            run(new CreateAccount(rich, OwnerName.of("Rich"), new Money(Money.MAX_AMOUNT, USD)));
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(transfer(ALICE, rich, "0.01"))))
                    .isInstanceOf(LedgerRejection.BalanceLimitExceeded.class);
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(ALICE)).isEqualTo(usd("100"));
        }

        @Test
        @DisplayName("a transfer of the whole balance leaves the payer at zero")
        void whole_balance() {
            run(transfer(BOB, ALICE, "50"));

            assertThat(balance(BOB)).isEqualTo(Money.zero(USD));
            assertThat(balance(ALICE)).isEqualTo(usd("150"));
        }
    }

    @Nested
    @DisplayName("idempotency")
    class Idempotency {

        @BeforeEach
        void accounts() {
            run(create(ALICE, "100", "USD"));
            run(create(BOB, "0", "USD"));
        }

        @Test
        @DisplayName("the same key and command again answers the original events and records nothing")
        void retry_is_replayed() {
            CommandResult.Accepted first = accepted(ledger.execute(deposit(ALICE, "10"), "key-1"));
            long head = store.headPosition();

            CommandResult.Accepted again = accepted(ledger.execute(deposit(ALICE, "10"), "key-1"));

            assertThat(first.replayed()).isFalse();
            assertThat(again.replayed()).isTrue();
            assertThat(again.events()).extracting(RecordedEvent::eventId)
                    .containsExactlyElementsOf(first.events().stream().map(RecordedEvent::eventId).toList());
            assertThat(again.events()).isEqualTo(first.events());
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(ALICE)).isEqualTo(usd("110"));
        }

        @Test
        @DisplayName("a retried transfer answers the same transfer id and the same two events")
        void transfer_retry() {
            CommandResult.Accepted first = accepted(ledger.execute(transfer(ALICE, BOB, "25"), "t-1"));
            long head = store.headPosition();

            CommandResult.Accepted again = accepted(ledger.execute(transfer(ALICE, BOB, "25"), "t-1"));

            assertThat(again.replayed()).isTrue();
            assertThat(again.transferId()).isEqualTo(first.transferId()).isPresent();
            assertThat(again.events()).isEqualTo(first.events()).hasSize(2);
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(ALICE)).isEqualTo(usd("75"));
            assertThat(balance(BOB)).isEqualTo(usd("25"));
        }

        @Test
        @DisplayName("the key is remembered by the store, so another ledger instance replays it too")
        void retry_through_another_instance() {
            CommandResult.Accepted first = accepted(ledger.execute(withdraw(ALICE, "1"), "key-x"));
            Ledger other = Ledger.builder().eventStore(store).snapshotStore(snapshots).clock(clock).build();

            CommandResult.Accepted again = accepted(other.execute(withdraw(ALICE, "1"), "key-x"));

            assertThat(again.replayed()).isTrue();
            assertThat(again.eventId()).isEqualTo(first.eventId());
            assertThat(balance(ALICE)).isEqualTo(usd("99"));
        }

        @Test
        @DisplayName("the same key with a different command is rejected with IdempotencyKeyReused")
        void key_reused() {
            accepted(ledger.execute(deposit(ALICE, "10"), "key-1"));
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(deposit(ALICE, "11"), "key-1")))
                    .isEqualTo(new LedgerRejection.IdempotencyKeyReused("key-1"));
            assertThat(rejected(ledger.execute(withdraw(ALICE, "10"), "key-1")))
                    .isEqualTo(new LedgerRejection.IdempotencyKeyReused("key-1"));
            assertThat(rejected(ledger.execute(transfer(ALICE, BOB, "10"), "key-1")).code())
                    .isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(store.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("an equal command written differently (100 vs 100.00) counts as a retry")
        void equal_amounts_are_a_retry() {
            CommandResult.Accepted first = accepted(ledger.execute(deposit(ALICE, "100"), "key-2"));

            CommandResult.Accepted again = accepted(ledger.execute(deposit(ALICE, "100.00"), "key-2"));

            assertThat(again.replayed()).isTrue();
            assertThat(again.eventId()).isEqualTo(first.eventId());
            assertThat(balance(ALICE)).isEqualTo(usd("200"));
        }

        @ParameterizedTest(name = "key \"{0}\" is refused")
        @ValueSource(strings = {"", " ", "key 1", "key\t1", "ключ", "key\u007F"})
        void invalid_keys(String key) {
            assertThatThrownBy(() -> ledger.execute(deposit(ALICE, "1"), key))
                    .isInstanceOf(InvalidValueException.class)
                    .satisfies(e -> assertThat(((InvalidValueException) e).code())
                            .isEqualTo("INVALID_IDEMPOTENCY_KEY"));
            assertThat(balance(ALICE)).isEqualTo(usd("100"));
        }

        @Test
        @DisplayName("a key of 256 characters or null is refused; 255 visible ASCII characters are fine")
        void key_length() {
            assertThatThrownBy(() -> ledger.execute(deposit(ALICE, "1"), "k".repeat(256)))
                    .isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> ledger.execute(deposit(ALICE, "1"), null))
                    .isInstanceOf(InvalidValueException.class);
            assertThat(balance(ALICE)).isEqualTo(usd("100"));

            accepted(ledger.execute(deposit(ALICE, "1"), "k".repeat(255)));
            accepted(ledger.execute(deposit(ALICE, "1"), "!~{}-_:/"));
            assertThat(balance(ALICE)).isEqualTo(usd("102"));
        }

        @Test
        @DisplayName("a refused keyed command is remembered: after a deposit, its retry gets the same refusal")
        void rejection_is_remembered() {
            LedgerRejection refusal = rejected(ledger.execute(withdraw(BOB, "30"), "w-1"));
            assertThat(refusal).isInstanceOf(LedgerRejection.InsufficientFunds.class);
            assertThat(store.findIdempotentAppend("w-1")).hasValueSatisfying(
                    remembered -> assertThat(remembered.events()).isEmpty());
            run(deposit(BOB, "50"));
            long head = store.headPosition();

            assertThat(rejected(ledger.execute(withdraw(BOB, "30"), "w-1"))).isEqualTo(refusal);
            assertThat(rejected(ledger.execute(deposit(BOB, "1"), "w-1")))
                    .isEqualTo(new LedgerRejection.IdempotencyKeyReused("w-1"));
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(BOB)).isEqualTo(usd("50"));
        }

        @Test
        @DisplayName("every kind of refusal is remembered and answered again exactly")
        void every_refusal_round_trips() {
            assertThat(rejected(ledger.execute(transfer(ALICE, ALICE, "1"), "r-1")))
                    .isEqualTo(rejected(ledger.execute(transfer(ALICE, ALICE, "1"), "r-1")));
            assertThat(rejected(ledger.execute(withdraw(AccountId.of("NOBODY"), "1"), "r-2")))
                    .isEqualTo(rejected(ledger.execute(withdraw(AccountId.of("NOBODY"), "1"), "r-2")));
            assertThat(rejected(ledger.execute(withdraw(BOB, "0.001"), "r-3")))
                    .isEqualTo(rejected(ledger.execute(withdraw(BOB, "0.001"), "r-3")));
        }

        @Test
        @DisplayName("the key travels in the events' metadata")
        void key_in_metadata() {
            CommandResult.Accepted result = accepted(ledger.execute(transfer(ALICE, BOB, "1"), "meta-1"));

            assertThat(result.events()).allSatisfy(event ->
                    assertThat(json(event.metadata()).get("idempotency_key").asText()).isEqualTo("meta-1"));
        }
    }

    @Nested
    @DisplayName("snapshots")
    class Snapshots {

        private Ledger every3;

        @BeforeEach
        void sevenEvents() {
            every3 = Ledger.builder().eventStore(store).snapshotStore(snapshots).clock(clock).snapshotEvery(3).build();
            run(every3, create(ALICE, "0", "USD"));
            for (int i = 1; i <= 6; i++) {
                tick();
                run(every3, deposit(ALICE, i + ".01"));
            }
        }

        @Test
        @DisplayName("are taken every N events: after 7 events, at versions 3 and 6")
        void taken_at_multiples() {
            assertThat(snapshots.latestAtOrBefore("ALICE", 7)).map(Snapshot::version).contains(6L);
            assertThat(snapshots.latestAtOrBefore("ALICE", 6)).map(Snapshot::version).contains(6L);
            assertThat(snapshots.latestAtOrBefore("ALICE", 5)).map(Snapshot::version).contains(3L);
            assertThat(snapshots.latestAtOrBefore("ALICE", 3)).map(Snapshot::version).contains(3L);
            assertThat(snapshots.latestAtOrBefore("ALICE", 2)).isEmpty();
            assertThat(snapshots.latest("ALICE")).map(Snapshot::version).contains(6L);
        }

        @Test
        @DisplayName("are dated by the created_at of the event they end with")
        void dated_by_last_event() {
            List<RecordedEvent> events = store.readStream("ALICE", StreamRange.all());

            assertThat(snapshots.latestAtOrBefore("ALICE", 3).orElseThrow().asOf())
                    .isEqualTo(events.get(2).createdAt());
            assertThat(snapshots.latestAtOrBefore("ALICE", 6).orElseThrow().asOf())
                    .isEqualTo(events.get(5).createdAt());
        }

        @Test
        @DisplayName("leave the balance right: 1.01 + 2.01 + ... + 6.01 = 21.06")
        void balance_is_right() {
            assertThat(balance(every3, ALICE)).isEqualTo(usd("21.06"));
        }

        @Test
        @DisplayName("a second ledger with an empty cache loads from the snapshot plus the events after it")
        void second_instance_loads_from_snapshot() {
            ScriptedEventStore recording = new ScriptedEventStore(store);
            Ledger fresh = Ledger.builder().eventStore(recording).snapshotStore(snapshots).clock(clock).build();

            CommandResult.Accepted result = run(fresh, withdraw(ALICE, "21.06"));

            assertThat(recording.reads()).containsExactly("ALICE@7");
            assertThat(result.events().get(0).streamVersion()).isEqualTo(8);
            assertThat(balance(fresh, ALICE)).isEqualTo(Money.zero(USD));
            assertThat(balance(every3, ALICE)).isEqualTo(Money.zero(USD));
        }

        @Test
        @DisplayName("a transfer snapshots both accounts when each reaches its multiple")
        void transfer_snapshots_both() {
            run(every3, create(BOB, "0", "USD"));
            run(every3, deposit(BOB, "1"));
            tick();

            run(every3, transfer(ALICE, BOB, "1"));

            assertThat(snapshots.latest("BOB")).map(Snapshot::version).contains(3L);
            assertThat(snapshots.latest("ALICE")).map(Snapshot::version).contains(6L);
        }

        @Test
        @DisplayName("a snapshot store that fails does not fail the command")
        void failing_snapshot_store() {
            SnapshotStore broken = new SnapshotStore() {
                @Override
                public void save(Snapshot snapshot) {
                    throw new IllegalStateException("disk full (expected by this test)");
                }

                @Override
                public Optional<Snapshot> latestAtOrBefore(String streamId, long version) {
                    return Optional.empty();
                }

                @Override
                public Optional<Snapshot> latestAtOrBefore(String streamId, Instant time) {
                    return Optional.empty();
                }
            };
            Ledger unlucky = Ledger.builder().eventStore(store).snapshotStore(broken).snapshotEvery(1).build();

            run(unlucky, deposit(ALICE, "1"));

            assertThat(balance(unlucky, ALICE)).isEqualTo(usd("22.06"));
        }
    }

    @Nested
    @DisplayName("time travel")
    class TimeTravel {

        private final List<Instant> times = new ArrayList<>();

        /** ALICE: v1 create 100 at T0, v2 +50 at T1, v3 -30 at T2, v4 +0.05 at T3, v5 transfer -20 at T4. */
        private void history(Ledger target) {
            clock.set(START.plusNanos(123_456_789)); // sub-microsecond digits are dropped by the store
            times.add(run(target, create(ALICE, "100", "USD")).events().get(0).createdAt());
            tick();
            times.add(run(target, deposit(ALICE, "50")).events().get(0).createdAt());
            tick();
            times.add(run(target, withdraw(ALICE, "30")).events().get(0).createdAt());
            tick();
            times.add(run(target, deposit(ALICE, "0.05")).events().get(0).createdAt());
            tick();
            run(target, create(BOB, "0", "USD"));
            tick();
            times.add(run(target, transfer(ALICE, BOB, "20")).events().get(0).createdAt());
        }

        private final String[] balances = {"100.00", "150.00", "120.00", "120.05", "100.05"};

        @Test
        @DisplayName("the store dates events to the microsecond")
        void micros() {
            history(ledger);

            assertThat(times.get(0)).isEqualTo(START.plusNanos(123_456_000));
            assertThat(times).allSatisfy(t -> assertThat(t.getNano() % 1_000).isZero());
        }

        @Test
        @DisplayName("at an event's created_at exactly, the event counts (inclusive)")
        void inclusive() {
            history(ledger);

            for (int v = 1; v <= 5; v++) {
                assertThat(ledger.balanceAt(ALICE, times.get(v - 1)))
                        .isEqualTo(new BalanceAt.Balance(ALICE, usd(balances[v - 1]), v, times.get(v - 1)));
            }
        }

        @Test
        @DisplayName("just before the next event, the balance is still the previous one")
        void just_before_next() {
            history(ledger);

            for (int v = 1; v < 5; v++) {
                Instant justBefore = times.get(v).minusNanos(1);
                assertThat(ledger.balanceAt(ALICE, justBefore))
                        .isEqualTo(new BalanceAt.Balance(ALICE, usd(balances[v - 1]), v, times.get(v - 1)));
            }
            assertThat(ledger.balanceAt(ALICE, times.get(4).plus(365, ChronoUnit.DAYS)))
                    .isEqualTo(new BalanceAt.Balance(ALICE, usd("100.05"), 5, times.get(4)));
        }

        @Test
        @DisplayName("before the account was created: NotYetCreated with its created_at")
        void not_yet_created() {
            history(ledger);

            assertThat(ledger.balanceAt(ALICE, times.get(0).minusNanos(1)))
                    .isEqualTo(new BalanceAt.NotYetCreated(ALICE, times.get(0)));
            assertThat(ledger.balanceAt(ALICE, Instant.EPOCH))
                    .isEqualTo(new BalanceAt.NotYetCreated(ALICE, times.get(0)));
        }

        @Test
        @DisplayName("for an unknown account: NotFound, by time and by version")
        void not_found() {
            history(ledger);

            assertThat(ledger.balanceAt(NOBODY, times.get(4))).isEqualTo(new BalanceAt.NotFound(NOBODY));
            assertThat(ledger.balanceAt(NOBODY, 1)).isEqualTo(new BalanceAt.NotFound(NOBODY));
        }

        @Test
        @DisplayName("by version: the balance after each event, VersionNotReached beyond the end")
        void by_version() {
            history(ledger);

            for (int v = 1; v <= 5; v++) {
                assertThat(ledger.balanceAt(ALICE, v))
                        .isEqualTo(new BalanceAt.Balance(ALICE, usd(balances[v - 1]), v, times.get(v - 1)));
            }
            assertThat(ledger.balanceAt(ALICE, 6)).isEqualTo(new BalanceAt.VersionNotReached(ALICE, 5));
            assertThat(ledger.balanceAt(ALICE, Long.MAX_VALUE)).isEqualTo(new BalanceAt.VersionNotReached(ALICE, 5));
        }

        @ParameterizedTest(name = "version {0} is refused with INVALID_VERSION")
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void version_below_one(long version) {
            assertThatThrownBy(() -> ledger.balanceAt(ALICE, version))
                    .isInstanceOf(InvalidValueException.class)
                    .satisfies(e -> assertThat(((InvalidValueException) e).code()).isEqualTo("INVALID_VERSION"));
        }

        @Test
        @DisplayName("answers the same with snapshots (every 2 events) as without")
        void same_with_and_without_snapshots() {
            Ledger every2 = Ledger.builder().eventStore(store).snapshotStore(snapshots).clock(clock)
                    .snapshotEvery(2).build();
            InMemorySnapshotStore unused = new InMemorySnapshotStore();
            Ledger never = Ledger.builder().eventStore(store).snapshotStore(unused).clock(clock)
                    .snapshotEvery(0).build();
            history(every2);
            assertThat(snapshots.latest("ALICE")).map(Snapshot::version).contains(4L);
            assertThat(snapshots.latestAtOrBefore("ALICE", 3)).map(Snapshot::version).contains(2L);

            List<Instant> probes = new ArrayList<>(List.of(Instant.EPOCH, times.get(4).plusSeconds(60)));
            for (Instant t : times) {
                probes.addAll(List.of(t.minusNanos(1), t, t.plusNanos(1)));
            }
            for (Instant t : probes) {
                assertThat(every2.balanceAt(ALICE, t)).as("at %s", t).isEqualTo(never.balanceAt(ALICE, t));
            }
            for (long v = 1; v <= 6; v++) {
                assertThat(every2.balanceAt(ALICE, v)).as("at version %s", v).isEqualTo(never.balanceAt(ALICE, v));
            }
            assertThat(every2.balanceAt(ALICE, times.get(3)))
                    .isEqualTo(new BalanceAt.Balance(ALICE, usd("120.05"), 4, times.get(3)));
            assertThat(unused.latest("ALICE")).isEmpty();
        }

        @Test
        @DisplayName("with a clock that goes backwards, created_at still strictly increases within a stream")
        void clock_backwards() {
            Instant t0 = run(create(ALICE, "1", "USD")).events().get(0).createdAt();
            clock.rewind(Duration.ofHours(1));
            Instant t1 = run(deposit(ALICE, "1")).events().get(0).createdAt();
            Instant t2 = run(deposit(ALICE, "1")).events().get(0).createdAt();
            clock.set(t2); // not after the previous event either
            Instant t3 = run(deposit(ALICE, "1")).events().get(0).createdAt();

            assertThat(t1).isEqualTo(t0.plus(1, ChronoUnit.MICROS));
            assertThat(t2).isEqualTo(t1.plus(1, ChronoUnit.MICROS));
            assertThat(t3).isEqualTo(t2.plus(1, ChronoUnit.MICROS));
            assertThat(ledger.balanceAt(ALICE, t1)).isEqualTo(new BalanceAt.Balance(ALICE, usd("2"), 2, t1));
            assertThat(ledger.balanceAt(ALICE, t0)).isEqualTo(new BalanceAt.Balance(ALICE, usd("1"), 1, t0));
        }

        @Test
        @DisplayName("a transfer's two events keep each stream's created_at increasing")
        void transfer_times() {
            run(create(ALICE, "10", "USD"));
            run(create(BOB, "0", "USD"));
            clock.rewind(Duration.ofMinutes(5));

            CommandResult.Accepted result = run(transfer(ALICE, BOB, "1"));

            for (RecordedEvent event : result.events()) {
                List<RecordedEvent> stream = store.readStream(event.aggregateId(),
                        StreamRange.all());
                assertThat(stream.get(1).createdAt()).isAfter(stream.get(0).createdAt());
            }
        }
    }

    @Nested
    @DisplayName("other writers and stale caches")
    class OtherWriters {

        private ScriptedEventStore scripted;
        private Ledger a;
        private Ledger b;

        @BeforeEach
        void twoProcesses() {
            scripted = new ScriptedEventStore(store);
            a = Ledger.builder().eventStore(scripted).snapshotStore(snapshots).clock(clock).build();
            b = Ledger.builder().eventStore(store).snapshotStore(snapshots).clock(clock).build();
            run(a, create(ALICE, "100", "USD")); // now cached by a
            run(b, create(BOB, "0", "USD"));
        }

        @Test
        @DisplayName("a stale cache does not cause a false InsufficientFunds")
        void stale_cache_withdraw() {
            run(b, deposit(ALICE, "50"));

            CommandResult.Accepted result = run(a, withdraw(ALICE, "120"));

            assertThat(result.events().get(0).streamVersion()).isEqualTo(3);
            assertThat(balance(ALICE)).isEqualTo(usd("30"));
        }

        @Test
        @DisplayName("a stale cache does not cause a false AccountNotFound of a payee created meanwhile")
        void stale_cache_payee() {
            AccountId carol = AccountId.of("CAROL");
            assertThat(rejected(a.execute(transfer(ALICE, carol, "1"))))
                    .isEqualTo(new LedgerRejection.AccountNotFound(carol));
            run(b, create(carol, "0", "USD"));

            run(a, transfer(ALICE, carol, "1"));

            assertThat(balance(carol)).isEqualTo(usd("1"));
        }

        @Test
        @DisplayName("a stale cache does not let an account be created twice")
        void stale_cache_create() {
            AccountId carol = AccountId.of("CAROL");
            assertThat(a.account(carol)).isEmpty();
            assertThat(rejected(a.execute(deposit(carol, "1")))).isInstanceOf(LedgerRejection.AccountNotFound.class);
            run(b, create(carol, "5", "USD"));

            assertThat(rejected(a.execute(create(carol, "7", "USD"))))
                    .isEqualTo(new LedgerRejection.AccountAlreadyExists(carol));
            assertThat(balance(carol)).isEqualTo(usd("5"));
        }

        @Test
        @DisplayName("a write between load and append is a conflict: the command is decided again on fresh state")
        void conflict_is_redecided() {
            scripted.beforeNextAppend(() -> run(b, withdraw(ALICE, "60")));

            LedgerRejection rejection = rejected(a.execute(withdraw(ALICE, "80")));

            assertThat(rejection).isEqualTo(new LedgerRejection.InsufficientFunds(ALICE, usd("40"), usd("80")));
            assertThat(scripted.results()).hasSize(2).last().isInstanceOf(AppendResult.VersionConflict.class);
            assertThat(balance(ALICE)).isEqualTo(usd("40"));
        }

        @Test
        @DisplayName("after a conflict the retried append lands on the new version")
        void conflict_then_append() {
            scripted.beforeNextAppend(() -> run(b, deposit(ALICE, "1")));

            CommandResult.Accepted result = run(a, deposit(ALICE, "2"));

            assertThat(result.events().get(0).streamVersion()).isEqualTo(3);
            assertThat(balance(ALICE)).isEqualTo(usd("103"));
        }

        @Test
        @DisplayName("when conflicts outlast maxAttempts: LedgerContentionException, and nothing of it recorded")
        void contention() {
            Ledger impatient = Ledger.builder().eventStore(scripted).clock(clock).maxAttempts(2).build();
            assertThat(impatient.account(ALICE)).isPresent();
            run(impatient, deposit(ALICE, "0.01")); // caches ALICE
            scripted.beforeNextAppend(() -> run(b, deposit(ALICE, "1")));
            scripted.beforeNextAppend(() -> run(b, deposit(ALICE, "1")));

            assertThatThrownBy(() -> impatient.execute(deposit(ALICE, "1000")))
                    .isInstanceOf(LedgerContentionException.class)
                    .hasMessageContaining("ALICE");
            assertThat(balance(ALICE)).isEqualTo(usd("102.01"));
        }

        @Test
        @DisplayName("an append whose outcome is unknown drops the cache, so the next command sees the truth")
        void unknown_outcome_drops_cache() {
            Ledger strict = Ledger.builder().eventStore(scripted).clock(clock).maxAttempts(1).build();
            run(strict, deposit(ALICE, "1")); // caches ALICE at version 2
            scripted.failNextAppendAfterCommit();

            assertThatThrownBy(() -> strict.execute(deposit(ALICE, "10"))).isInstanceOf(IllegalStateException.class);

            // with maxAttempts 1, a cached version 2 would conflict; the ledger must reload version 3
            CommandResult.Accepted next = run(strict, deposit(ALICE, "100"));
            assertThat(next.events().get(0).streamVersion()).isEqualTo(4);
            assertThat(balance(ALICE)).isEqualTo(usd("211"));
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        @DisplayName("the builder refuses nonsense settings and a missing store")
        void builder_checks() {
            assertThatThrownBy(() -> Ledger.builder().snapshotEvery(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Ledger.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Ledger.builder().lockStripes(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Ledger.builder().cacheSize(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Ledger.builder().build()).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("a ledger without cache, with one lock stripe and no snapshot store still works")
        void minimal_ledger() {
            Ledger minimal = Ledger.builder().eventStore(store).cacheSize(0).lockStripes(1).build();

            run(minimal, create(ALICE, "10", "USD"));
            run(minimal, create(BOB, "0", "USD"));
            run(minimal, transfer(ALICE, BOB, "4"));
            run(minimal, withdraw(BOB, "4"));

            assertThat(balance(minimal, ALICE)).isEqualTo(usd("6"));
            assertThat(balance(minimal, BOB)).isEqualTo(Money.zero(USD));
            assertThat(minimal.balanceAt(ALICE, 1)).isInstanceOf(BalanceAt.Balance.class);
        }
    }
}
