package io.chronicleledger.testkit;

import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CommandResult.Accepted;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.TransactionType;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.ledger.TransferView;
import io.chronicleledger.core.ledger.Withdraw;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.projection.Projection;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.projection.RebuildProgress;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static io.chronicleledger.testkit.EventAssertions.SAME_EVENT;
import static io.chronicleledger.testkit.EventAssertions.positions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The conformance suite of {@link LedgerReadModel}: every read model adapter extends it and passes it. A test
 * gets a fresh, empty read model from {@link #createReadModel()} (some tests ask for a second one) and hands
 * each to {@link #cleanUp(LedgerReadModel)} afterwards:
 *
 * <pre>{@code
 * class PostgresProjectionConformanceTest extends ProjectionConformance {
 *     @Override
 *     protected LedgerReadModel createReadModel() {
 *         return PostgresLedgerReadModel.builder().dataSource(DATA_SOURCE).schema(freshSchemaName()).build();
 *     }
 *
 *     @Override
 *     protected void cleanUp(LedgerReadModel readModel) {
 *         ((PostgresLedgerReadModel) readModel).dropSchema();
 *     }
 * }
 * }</pre>
 *
 * <h2>Where the events come from</h2>
 * Each test runs a real {@link Ledger} on an {@link InMemoryEventStore} of its own, whose clock ticks one
 * millisecond per reading, and feeds the recorded events to the read model: directly through
 * {@link Projection#apply}, through a {@link Projector} in a shuffled order, or through an
 * {@link InMemoryEventBus}. The expected views are either written out from the commands or read from a model
 * rebuilt from the store by the reference implementation ({@link ReadModels#replayOf}).
 *
 * <h2>Shared databases</h2>
 * The read model must be empty when {@link #createReadModel()} returns it (the suite checks): its audit log
 * holds the positions of the test's own store, which start at 1 for every test. A database adapter may give
 * each read model a schema of its own. Account ids carry a random suffix ({@link #accountId(String)}) anyway,
 * so that read models sharing other tables never meet each other's accounts.
 *
 * <h2>Asynchronous checks</h2>
 * The one test that feeds the read model through a bus waits, polling, up to {@link #catchUpTimeout()} for the
 * model to catch up; no test sleeps a fixed time or asserts a duration.
 */
public abstract class ProjectionConformance {

    private static final String USD = "USD";
    private static final Instant CLOCK_START = Instant.parse("2025-01-01T09:00:00Z");
    private static final Duration CLOCK_TICK = Duration.ofMillis(1);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final Duration BUS_ACK_WAIT = Duration.ofMillis(200);
    private static final int READ_PAGE = 100;
    private static final int WORKLOAD_ACCOUNTS = 6;
    private static final int WORKLOAD_COMMANDS = 60;
    private static final long LIVE_SEED = 20_250_101L;

    private final List<LedgerReadModel> readModels = new ArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Set<String> accountIds = new TreeSet<>();
    private final Set<UUID> transferIds = new LinkedHashSet<>();
    private InMemoryEventStore store;
    private Ledger ledger;
    private LedgerReadModel readModel;
    private String suffix;

    /** Creates the suite; called by the subclass of an adapter. */
    protected ProjectionConformance() {
    }

    /**
     * Creates a read model under test: a new, empty one on each call (a database adapter may create a fresh
     * schema). Called before each test, and again by tests that compare two read models.
     *
     * @return an empty read model
     */
    protected abstract LedgerReadModel createReadModel();

    /**
     * Releases what {@link #createReadModel()} acquired; called after each test for every read model the test
     * created, once the suite has closed the test's bus subscriptions. Does nothing by default.
     *
     * @param readModel a read model of the test
     * @throws Exception when the read model cannot be released
     */
    protected void cleanUp(LedgerReadModel readModel) throws Exception {
    }

    /**
     * Returns how long a test waits for a read model fed through a bus to apply everything the store holds
     * before it fails. A wait that succeeds returns as soon as the model caught up; the default is 10 seconds.
     *
     * @return the longest wait for the read model to catch up
     */
    protected Duration catchUpTimeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * Returns the read model of the running test, made by {@link #createReadModel()} before it started.
     *
     * @return the read model under test
     */
    protected final LedgerReadModel readModel() {
        return readModel;
    }

    /**
     * Returns the event store of the running test, for tests a subclass adds.
     *
     * @return the test's store
     */
    protected final InMemoryEventStore store() {
        return store;
    }

    /**
     * Returns the ledger of the running test, which records its events in {@link #store()}.
     *
     * @return the test's ledger
     */
    protected final Ledger ledger() {
        return ledger;
    }

    /**
     * Returns an account id that is unique to the running test. The random suffix comes first, so that the
     * accounts of one test are neighbours in id order.
     *
     * @param name a readable name, such as {@code ann}
     * @return the test's random suffix, a hyphen and the name
     */
    protected final String accountId(String name) {
        return suffix + "-" + name;
    }

    /**
     * Creates another read model with {@link #createReadModel()}, checks that it is empty, and hands it to
     * {@link #cleanUp(LedgerReadModel)} after the test.
     *
     * @return a new, empty read model
     */
    protected final LedgerReadModel newReadModel() {
        LedgerReadModel created = Objects.requireNonNull(createReadModel(), "createReadModel() returned null");
        readModels.add(created);
        assertThat(created.accounts("", 1).items())
                .as("createReadModel() should return an empty read model, but it holds accounts")
                .isEmpty();
        assertThat(created.auditLog(GlobalLogQuery.after(0, 1)).items())
                .as("createReadModel() should return an empty read model, but its audit log holds events")
                .isEmpty();
        return created;
    }

    @BeforeEach
    void setUpReadModel() {
        suffix = UniqueNames.suffix();
        store = new InMemoryEventStore(new TickingClock(CLOCK_START, CLOCK_TICK));
        ledger = Ledger.builder().eventStore(store).build();
        readModel = newReadModel();
    }

    @AfterEach
    void tearDownReadModel() throws Exception {
        try {
            subscriptions.forEach(Subscription::close);
        } finally {
            subscriptions.clear();
            Exception failure = null;
            for (LedgerReadModel created : readModels) {
                try {
                    cleanUp(created);
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            readModels.clear();
            accountIds.clear();
            transferIds.clear();
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Nested
    @DisplayName("Applying a ledger's events in order")
    class ApplyingInOrder {

        @Test
        @DisplayName("every event is applied as the next version of its stream")
        void everyEventApplies() {
            scenario();

            List<RecordedEvent> events = store.allEvents();
            assertThat(events).hasSize(7);
            for (RecordedEvent event : events) {
                assertThat(readModel.apply(event))
                        .as("applying %s version %d (%s)", event.aggregateId(), event.streamVersion(), event.eventType())
                        .isEqualTo(ApplyResult.APPLIED);
            }
        }

        @Test
        @DisplayName("an account shows its owner, balance, status, version, and the times of its first and last events")
        void accountViews() {
            Scenario s = scenario();
            applyAll(readModel, store.allEvents());

            assertThat(readModel.account(s.ann())).contains(new AccountView(s.ann(), "Ann", usd("80.00"),
                    AccountView.ACTIVE, 4, event(s.ann(), 1).createdAt(), event(s.ann(), 4).createdAt()));
            assertThat(readModel.account(s.bob())).contains(new AccountView(s.bob(), "Bob", usd("60.00"),
                    AccountView.ACTIVE, 3, event(s.bob(), 1).createdAt(), event(s.bob(), 3).createdAt()));
        }

        @Test
        @DisplayName("an account's history lists its entries newest first, with amount, balance after, description, time and transfer")
        void histories() {
            Scenario s = scenario();
            applyAll(readModel, store.allEvents());
            Optional<UUID> transfer = Optional.of(s.transferId());

            Page<TransactionView> ann = readModel.transactions(s.ann(), Long.MAX_VALUE, 10);
            assertThat(ann.items()).containsExactly(
                    entry(s.ann(), 4, TransactionType.TRANSFER_OUT, "40.00", "80.00", "dinner", transfer),
                    entry(s.ann(), 3, TransactionType.WITHDRAWAL, "30.00", "120.00", "rent", Optional.empty()),
                    entry(s.ann(), 2, TransactionType.DEPOSIT, "50.00", "150.00", "salary", Optional.empty()),
                    entry(s.ann(), 1, TransactionType.OPENING, "100.00", "100.00", "", Optional.empty()));
            assertThat(ann.hasMore()).isFalse();

            Page<TransactionView> bob = readModel.transactions(s.bob(), Long.MAX_VALUE, 10);
            assertThat(bob.items()).containsExactly(
                    entry(s.bob(), 3, TransactionType.TRANSFER_IN, "40.00", "60.00", "dinner", transfer),
                    entry(s.bob(), 2, TransactionType.DEPOSIT, "20.00", "20.00", "gift", Optional.empty()));
            assertThat(bob.hasMore()).isFalse();
        }

        @Test
        @DisplayName("an account opened with a zero balance has no opening entry, one opened above zero has one")
        void openingEntryOnlyAboveZero() {
            String empty = open("empty", "Eve", "0.00");
            String funded = open("funded", "Fay", "0.01");
            applyAll(readModel, store.allEvents());

            assertThat(readModel.account(empty).map(AccountView::balance)).contains(usd("0.00"));
            assertThat(readModel.transactions(empty, Long.MAX_VALUE, 10).items()).isEmpty();
            assertThat(readModel.transactions(funded, Long.MAX_VALUE, 10).items())
                    .containsExactly(entry(funded, 1, TransactionType.OPENING, "0.01", "0.01", "", Optional.empty()));
        }

        @Test
        @DisplayName("amounts keep the scale of their currency")
        void currencyScale() {
            String yen = open("yen", "Yuki", Money.of("1000", "JPY"));
            execute(Deposit.of(AccountId.of(yen), new BigDecimal("500"), Description.of("gift")));
            applyAll(readModel, store.allEvents());

            assertThat(readModel.account(yen).map(AccountView::balance)).contains(Money.of("1500", "JPY"));
            assertThat(readModel.transactions(yen, Long.MAX_VALUE, 10).items())
                    .extracting(TransactionView::amount, TransactionView::balanceAfter)
                    .containsExactly(
                            tuple(Money.of("500", "JPY"), Money.of("1500", "JPY")),
                            tuple(Money.of("1000", "JPY"), Money.of("1000", "JPY")));
        }

        @Test
        @DisplayName("a transfer whose both halves are applied is completed, with amount, payer, payee and description")
        void completedTransfer() {
            Scenario s = scenario();
            applyAll(readModel, store.allEvents());

            assertThat(readModel.transfer(s.transferId())).contains(new TransferView(s.transferId(), s.ann(), s.bob(),
                    usd("40.00"), "dinner", TransferView.COMPLETED,
                    earlier(event(s.ann(), 4).createdAt(), event(s.bob(), 3).createdAt())));
        }

        @Test
        @DisplayName("an unknown account, history or transfer is empty")
        void unknownIds() {
            scenario();
            applyAll(readModel, store.allEvents());

            assertThat(readModel.account(accountId("nobody"))).isEmpty();
            Page<TransactionView> history = readModel.transactions(accountId("nobody"), Long.MAX_VALUE, 10);
            assertThat(history.items()).isEmpty();
            assertThat(history.hasMore()).isFalse();
            assertThat(readModel.transfer(UUID.randomUUID())).isEmpty();
        }
    }

    @Nested
    @DisplayName("Applying an event again")
    class Duplicates {

        @Test
        @DisplayName("every event already applied is a duplicate and changes nothing")
        void everyEventAgain() {
            scenario();
            List<RecordedEvent> events = store.allEvents();
            applyAll(readModel, events);
            Contents before = contentsOf(readModel);

            for (RecordedEvent event : events) {
                assertThat(readModel.apply(event))
                        .as("applying %s version %d again", event.aggregateId(), event.streamVersion())
                        .isEqualTo(ApplyResult.DUPLICATE);
            }

            assertThat(contentsOf(readModel)).isEqualTo(before);
            ReadModels.assertEquivalent(ReadModels.replayOf(store), readModel);
        }

        @Test
        @DisplayName("an old version arriving after newer ones is a duplicate and changes nothing")
        void olderVersionLate() {
            Scenario s = scenario();
            applyAll(readModel, store.allEvents());
            Contents before = contentsOf(readModel);

            assertThat(readModel.apply(event(s.ann(), 1))).isEqualTo(ApplyResult.DUPLICATE);
            assertThat(readModel.apply(event(s.bob(), 2))).isEqualTo(ApplyResult.DUPLICATE);

            assertThat(contentsOf(readModel)).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("Applying an event whose predecessors are missing")
    class Gaps {

        @Test
        @DisplayName("a version beyond the next is a gap that names the last applied version, and changes nothing")
        void gapChangesNothing() {
            Scenario s = scenario();
            assertThat(readModel.apply(event(s.ann(), 1))).isEqualTo(ApplyResult.APPLIED);
            Contents before = contentsOf(readModel);

            assertThat(readModel.apply(event(s.ann(), 3))).isEqualTo(ApplyResult.gap(1));
            assertThat(readModel.apply(event(s.ann(), 4))).isEqualTo(ApplyResult.gap(1));

            assertThat(contentsOf(readModel)).isEqualTo(before);
            assertThat(readModel.account(s.ann()).map(AccountView::version)).contains(1L);
        }

        @Test
        @DisplayName("an event of a stream never applied, beyond version 1, is a gap after version 0")
        void gapOfUnknownStream() {
            Scenario s = scenario();

            assertThat(readModel.apply(event(s.bob(), 2))).isEqualTo(ApplyResult.gap(0));

            assertThat(readModel.account(s.bob())).isEmpty();
            assertThat(readModel.transactions(s.bob(), Long.MAX_VALUE, 10).items()).isEmpty();
            assertThat(auditLogOf(readModel)).isEmpty();
        }

        @Test
        @DisplayName("the projector fills a gap from the store, up to the event it was handed and no further")
        void projectorCatchesUp() {
            Scenario s = scenario();
            assertThat(readModel.apply(event(s.ann(), 1))).isEqualTo(ApplyResult.APPLIED);
            Projector projector = new Projector(readModel, store);

            projector.handle(event(s.ann(), 3));

            assertThat(readModel.account(s.ann())).hasValueSatisfying(account -> {
                assertThat(account.version()).isEqualTo(3);
                assertThat(account.balance()).isEqualTo(usd("120.00"));
                assertThat(account.lastUpdated()).isEqualTo(event(s.ann(), 3).createdAt());
            });
            assertThat(readModel.transactions(s.ann(), Long.MAX_VALUE, 10).items())
                    .extracting(TransactionView::version).containsExactly(3L, 2L, 1L);
            assertThat(positions(auditLogOf(readModel))).containsExactlyElementsOf(
                    positions(store.readStream(s.ann(), StreamRange.all().upToVersion(3))));

            Contents caughtUp = contentsOf(readModel);
            projector.handle(event(s.ann(), 2));
            assertThat(contentsOf(readModel)).as("handling a version the catch-up applied").isEqualTo(caughtUp);
        }
    }

    @Nested
    @DisplayName("Delivering events in any order across streams")
    class DeliveryOrder {

        @ParameterizedTest(name = "shuffle seed {0}")
        @ValueSource(longs = {7L, 1_234L, 987_654_321L})
        @DisplayName("events handed to the projector shuffled, some twice, end equal to a replay of the store")
        void shuffled(long seed) {
            Random random = new Random(seed);
            List<RecordedEvent> deliveries = shuffledDeliveries(random);
            assertThat(earlyArrivals(deliveries))
                    .as("with shuffle seed %d, some events should arrive before their predecessors", seed)
                    .isPositive();

            Projector projector = new Projector(readModel, store);
            deliveries.forEach(projector::handle);

            assertEqualsTheStore(readModel, "with shuffle seed " + seed);
        }
    }

    @Nested
    @DisplayName("Applying many events at once (applyAll)")
    class Batches {

        @Test
        @DisplayName("the whole log in one batch applies every event and equals a replay of the store")
        void wholeLogAtOnce() {
            randomWorkload(new Random(42), accepted -> { });
            List<RecordedEvent> events = store.allEvents();

            List<ApplyResult> results = readModel.applyAll(events);

            assertThat(results).hasSize(events.size()).containsOnly(ApplyResult.APPLIED);
            assertEqualsTheStore(readModel, "the whole log in one batch");
            for (UUID transferId : transferIds) {
                assertThat(readModel.transfer(transferId)).as("transfer %s, both halves in the batch", transferId)
                        .hasValueSatisfying(transfer -> assertThat(transfer.status())
                                .isEqualTo(TransferView.COMPLETED));
            }
        }

        @Test
        @DisplayName("each stream applies in version order whatever the list's order; repeats are duplicates, and a"
                + " version beyond the next is a gap")
        void resultsPerEvent() {
            Scenario s = scenario();
            assertThat(readModel.apply(event(s.ann(), 1))).isEqualTo(ApplyResult.APPLIED);
            List<RecordedEvent> batch = List.of(event(s.ann(), 3), event(s.ann(), 2), event(s.ann(), 1),
                    event(s.bob(), 1), event(s.ann(), 2), event(s.bob(), 3));

            List<ApplyResult> results = readModel.applyAll(batch);

            assertThat(results).containsExactly(ApplyResult.APPLIED, ApplyResult.APPLIED, ApplyResult.DUPLICATE,
                    ApplyResult.APPLIED, ApplyResult.DUPLICATE, ApplyResult.gap(1));
            assertThat(readModel.account(s.ann()).map(AccountView::version)).contains(3L);
            assertThat(readModel.account(s.ann()).map(AccountView::balance)).contains(usd("120.00"));
            assertThat(readModel.account(s.bob()).map(AccountView::version)).contains(1L);
            assertThat(readModel.transactions(s.ann(), Long.MAX_VALUE, 10).items())
                    .extracting(TransactionView::version, TransactionView::type, TransactionView::balanceAfter)
                    .containsExactly(tuple(3L, TransactionType.WITHDRAWAL, usd("120.00")),
                            tuple(2L, TransactionType.DEPOSIT, usd("150.00")),
                            tuple(1L, TransactionType.OPENING, usd("100.00")));
            assertThat(positions(auditLogOf(readModel))).containsExactlyElementsOf(positions(List.of(
                    event(s.ann(), 1), event(s.bob(), 1), event(s.ann(), 2), event(s.ann(), 3))).stream().sorted()
                    .toList());
        }

        @Test
        @DisplayName("a batch of nothing but duplicates and gaps changes nothing")
        void nothingToApply() {
            Scenario s = scenario();
            assertThat(readModel.applyAll(List.of(event(s.ann(), 1), event(s.ann(), 2))))
                    .containsOnly(ApplyResult.APPLIED);
            Contents before = contentsOf(readModel);

            assertThat(readModel.applyAll(List.of(event(s.ann(), 2), event(s.ann(), 1), event(s.bob(), 2))))
                    .containsExactly(ApplyResult.DUPLICATE, ApplyResult.DUPLICATE, ApplyResult.gap(0));
            assertThat(readModel.applyAll(List.of())).isEmpty();

            assertThat(contentsOf(readModel)).isEqualTo(before);
        }

        @ParameterizedTest(name = "shuffle seed {0}")
        @ValueSource(longs = {11L, 4_242L})
        @DisplayName("events handed to the projector in shuffled batches of any size, some twice, end equal to a"
                + " replay of the store")
        void shuffledBatches(long seed) {
            Random random = new Random(seed);
            List<RecordedEvent> deliveries = shuffledDeliveries(random);

            Projector projector = new Projector(readModel, store);
            for (int from = 0; from < deliveries.size(); ) {
                int to = Math.min(deliveries.size(), from + 1 + random.nextInt(40));
                projector.handleAll(deliveries.subList(from, to));
                from = to;
            }

            assertEqualsTheStore(readModel, "with shuffle seed " + seed);
        }
    }

    @Nested
    @DisplayName("A transfer whose halves are applied apart")
    class PendingTransfers {

        @Test
        @DisplayName("is pending while only the payer's half is applied, and completed once both are")
        void payerHalfFirst() {
            String payer = open("payer", "Pat", "100.00");
            String payee = open("payee", "Quinn", "0.00");
            UUID transferId = execute(Transfer.of(AccountId.of(payer), AccountId.of(payee), new BigDecimal("25.00"),
                    Description.of("book"))).transferId().orElseThrow();
            applyAll(readModel, List.of(event(payer, 1), event(payee, 1), event(payer, 2)));
            Instant sentAt = event(payer, 2).createdAt();
            Instant receivedAt = event(payee, 2).createdAt();

            assertThat(readModel.transfer(transferId)).contains(new TransferView(transferId, payer, payee,
                    usd("25.00"), "book", TransferView.PENDING, sentAt));
            assertThat(readModel.account(payer).map(AccountView::balance)).contains(usd("75.00"));
            assertThat(readModel.account(payee).map(AccountView::balance)).contains(usd("0.00"));

            assertThat(readModel.apply(event(payee, 2))).isEqualTo(ApplyResult.APPLIED);

            assertThat(readModel.transfer(transferId)).contains(new TransferView(transferId, payer, payee,
                    usd("25.00"), "book", TransferView.COMPLETED, earlier(sentAt, receivedAt)));
            assertThat(readModel.account(payee).map(AccountView::balance)).contains(usd("25.00"));
        }

        @Test
        @DisplayName("is pending while only the payee's half is applied, and completed once both are")
        void payeeHalfFirst() {
            String payer = open("payer", "Pat", "100.00");
            String payee = open("payee", "Quinn", "0.00");
            UUID transferId = execute(Transfer.of(AccountId.of(payer), AccountId.of(payee), new BigDecimal("25.00"),
                    Description.of("book"))).transferId().orElseThrow();
            applyAll(readModel, List.of(event(payee, 1), event(payee, 2), event(payer, 1)));
            Instant sentAt = event(payer, 2).createdAt();
            Instant receivedAt = event(payee, 2).createdAt();

            assertThat(readModel.transfer(transferId)).contains(new TransferView(transferId, payer, payee,
                    usd("25.00"), "book", TransferView.PENDING, receivedAt));
            assertThat(readModel.account(payer).map(AccountView::balance)).contains(usd("100.00"));
            assertThat(readModel.account(payee).map(AccountView::balance)).contains(usd("25.00"));

            assertThat(readModel.apply(event(payer, 2))).isEqualTo(ApplyResult.APPLIED);

            assertThat(readModel.transfer(transferId)).contains(new TransferView(transferId, payer, payee,
                    usd("25.00"), "book", TransferView.COMPLETED, earlier(sentAt, receivedAt)));
            assertThat(readModel.account(payer).map(AccountView::balance)).contains(usd("75.00"));
        }

        @Test
        @DisplayName("is unknown while neither half is applied")
        void neitherHalf() {
            String payer = open("payer", "Pat", "100.00");
            String payee = open("payee", "Quinn", "0.00");
            UUID transferId = execute(Transfer.of(AccountId.of(payer), AccountId.of(payee), new BigDecimal("25.00"),
                    Description.NONE)).transferId().orElseThrow();
            applyAll(readModel, List.of(event(payer, 1), event(payee, 1)));

            assertThat(readModel.transfer(transferId)).isEmpty();
        }
    }

    @Nested
    @DisplayName("Reading in pages")
    class Paging {

        @Test
        @DisplayName("pages of accounts cover each account once, in id order, and say whether more follow")
        void accountPages() {
            for (int i : new int[] {3, 0, 6, 1, 5, 2, 4}) {
                open("acct-" + i, "Owner " + i, "0.00");
            }
            applyAll(readModel, store.allEvents());
            List<String> ids = List.copyOf(accountIds);
            assertThat(ids).hasSize(7);

            Page<AccountView> first = readModel.accounts("", 3);
            assertThat(accountIdsOf(first)).containsExactlyElementsOf(ids.subList(0, 3));
            assertThat(first.hasMore()).isTrue();
            Page<AccountView> second = readModel.accounts(ids.get(2), 3);
            assertThat(accountIdsOf(second)).containsExactlyElementsOf(ids.subList(3, 6));
            assertThat(second.hasMore()).isTrue();
            Page<AccountView> third = readModel.accounts(ids.get(5), 3);
            assertThat(accountIdsOf(third)).containsExactlyElementsOf(ids.subList(6, 7));
            assertThat(third.hasMore()).isFalse();

            assertThat(readModel.accounts(ids.get(6), 3).items()).isEmpty();
            assertThat(readModel.accounts(ids.get(6), 3).hasMore()).isFalse();
            assertThat(ReadModels.allAccounts(readModel)).extracting(AccountView::accountId)
                    .containsExactlyElementsOf(ids);
        }

        @Test
        @DisplayName("a page of accounts ending at the last one says no more follow, one ending before it says more do")
        void accountPageBoundaries() {
            for (int i = 0; i < 4; i++) {
                open("acct-" + i, "Owner " + i, "0.00");
            }
            applyAll(readModel, store.allEvents());

            assertThat(readModel.accounts("", 4).items()).hasSize(4);
            assertThat(readModel.accounts("", 4).hasMore()).isFalse();
            assertThat(readModel.accounts("", 3).hasMore()).isTrue();
            assertThat(readModel.accounts("", 1).items()).extracting(AccountView::accountId)
                    .containsExactly(accountId("acct-0"));
        }

        @Test
        @DisplayName("a page of accounts may start after an id that is not an account's")
        void accountPageAfterMissingId() {
            for (int i = 0; i < 4; i++) {
                open("acct-" + i, "Owner " + i, "0.00");
            }
            applyAll(readModel, store.allEvents());

            Page<AccountView> page = readModel.accounts(accountId("acct-1x"), 10);

            assertThat(accountIdsOf(page)).containsExactly(accountId("acct-2"), accountId("acct-3"));
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        @DisplayName("pages of a history, keyed by version, run newest first and cover each entry once")
        void historyPages() {
            String account = open("busy", "Bea", "10.00");
            for (int i = 1; i <= 8; i++) {
                execute(Deposit.of(AccountId.of(account), new BigDecimal(i + ".00"), Description.of("deposit " + i)));
            }
            applyAll(readModel, store.allEvents());

            Page<TransactionView> first = readModel.transactions(account, Long.MAX_VALUE, 4);
            assertThat(versionsOf(first)).containsExactly(9L, 8L, 7L, 6L);
            assertThat(first.hasMore()).isTrue();
            Page<TransactionView> second = readModel.transactions(account, 6, 4);
            assertThat(versionsOf(second)).containsExactly(5L, 4L, 3L, 2L);
            assertThat(second.hasMore()).isTrue();
            Page<TransactionView> third = readModel.transactions(account, 2, 4);
            assertThat(versionsOf(third)).containsExactly(1L);
            assertThat(third.hasMore()).isFalse();

            List<TransactionView> whole = new ArrayList<>();
            List.of(first, second, third).forEach(page -> whole.addAll(page.items()));
            assertThat(whole).containsExactlyElementsOf(readModel.transactions(account, Long.MAX_VALUE, 100).items());
            assertThat(readModel.transactions(account, 1, 4).items()).isEmpty();
        }

        @Test
        @DisplayName("a page of a history ending at the oldest entry says no more follow")
        void historyPageBoundaries() {
            String account = open("busy", "Bea", "0.00");
            for (int i = 1; i <= 6; i++) {
                execute(Deposit.of(AccountId.of(account), new BigDecimal(i + ".00"), Description.NONE));
            }
            applyAll(readModel, store.allEvents());

            Page<TransactionView> first = readModel.transactions(account, Long.MAX_VALUE, 3);
            assertThat(versionsOf(first)).containsExactly(7L, 6L, 5L);
            assertThat(first.hasMore()).isTrue();
            Page<TransactionView> last = readModel.transactions(account, 5, 3);
            assertThat(versionsOf(last)).as("version 1 opened the account at zero: no entry")
                    .containsExactly(4L, 3L, 2L);
            assertThat(last.hasMore()).isFalse();
            assertThat(readModel.transactions(account, 2, 3).items()).isEmpty();
            assertThat(readModel.transactions(account, 2, 3).hasMore()).isFalse();
        }

        @Test
        @DisplayName("pages of the audit log run in position order and cover each applied event once")
        void auditLogPages() {
            scenario();
            List<RecordedEvent> recorded = store.allEvents();
            applyAll(readModel, recorded);

            Page<RecordedEvent> first = readModel.auditLog(GlobalLogQuery.after(0, 3));
            assertSameEvents(first.items(), recorded.subList(0, 3));
            assertThat(first.hasMore()).isTrue();
            Page<RecordedEvent> second = readModel.auditLog(GlobalLogQuery.after(recorded.get(2).position(), 3));
            assertSameEvents(second.items(), recorded.subList(3, 6));
            assertThat(second.hasMore()).isTrue();
            Page<RecordedEvent> third = readModel.auditLog(GlobalLogQuery.after(recorded.get(5).position(), 3));
            assertSameEvents(third.items(), recorded.subList(6, 7));
            assertThat(third.hasMore()).isFalse();

            Page<RecordedEvent> all = readModel.auditLog(GlobalLogQuery.after(0, LedgerQueries.MAX_PAGE_SIZE));
            assertSameEvents(all.items(), recorded);
            assertThat(all.hasMore()).isFalse();
        }

        @Test
        @DisplayName("the audit log filters by stream and by event type, and pages through the filtered events")
        void auditLogFilters() {
            Scenario s = scenario();
            List<RecordedEvent> recorded = store.allEvents();
            applyAll(readModel, recorded);

            assertSameEvents(readModel.auditLog(GlobalLogQuery.after(0, 100).stream(s.ann())).items(),
                    store.readStream(s.ann(), StreamRange.all()));
            assertSameEvents(readModel.auditLog(GlobalLogQuery.after(0, 100)
                            .types(Set.of(LedgerEvents.MONEY_DEPOSITED))).items(),
                    List.of(event(s.ann(), 2), event(s.bob(), 2)));
            assertSameEvents(readModel.auditLog(GlobalLogQuery.after(0, 100).stream(s.bob())
                            .types(Set.of(LedgerEvents.TRANSFER_SENT, LedgerEvents.TRANSFER_RECEIVED))).items(),
                    List.of(event(s.bob(), 3)));
            assertThat(readModel.auditLog(GlobalLogQuery.after(0, 100).stream(accountId("nobody"))).items())
                    .isEmpty();

            List<RecordedEvent> paged = new ArrayList<>();
            List<Boolean> hasMore = new ArrayList<>();
            long after = 0;
            for (int i = 0; i < 4; i++) {
                Page<RecordedEvent> page = readModel.auditLog(GlobalLogQuery.after(after, 1).stream(s.ann()));
                assertThat(page.items()).as("page %d of %s's events", i + 1, s.ann()).hasSize(1);
                paged.addAll(page.items());
                hasMore.add(page.hasMore());
                after = page.items().get(0).position();
            }
            assertSameEvents(paged, store.readStream(s.ann(), StreamRange.all()));
            assertThat(hasMore).containsExactly(true, true, true, false);
        }

        @ParameterizedTest(name = "limit {0}")
        @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, LedgerQueries.MAX_PAGE_SIZE + 1, Integer.MAX_VALUE})
        @DisplayName("a page size outside 1 to the largest page is refused")
        void limitsOutOfRange(int limit) {
            String account = open("ann", "Ann", "10.00");
            applyAll(readModel, store.allEvents());

            assertThatThrownBy(() -> readModel.accounts("", limit)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> readModel.transactions(account, Long.MAX_VALUE, limit))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest(name = "limit {0}")
        @ValueSource(ints = {1, LedgerQueries.MAX_PAGE_SIZE})
        @DisplayName("a page size of 1 and of the largest page is served")
        void limitsInRange(int limit) {
            String account = open("ann", "Ann", "10.00");
            applyAll(readModel, store.allEvents());

            assertThat(readModel.accounts("", limit).items()).hasSize(1);
            assertThat(readModel.transactions(account, Long.MAX_VALUE, limit).items()).hasSize(1);
            assertThat(readModel.auditLog(GlobalLogQuery.after(0, limit)).items()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("Rebuilding from the store")
    class Rebuild {

        @Test
        @DisplayName("a live model fed through a bus, with repeats and losses, equals a model rebuilt from the store")
        void rebuiltEqualsLive() throws InterruptedException {
            feedLiveThroughBus(readModel);
            long head = store.headPosition();
            LedgerReadModel rebuilt = newReadModel();
            List<Progress> heard = new CopyOnWriteArrayList<>();

            long appliedUpTo = new Projector(rebuilt, store).rebuild(listener(heard));

            assertThat(appliedUpTo).isEqualTo(head);
            assertProgress(heard, head);
            ReadModels.assertEquivalent(rebuilt, readModel);
            ReadModels.assertEquivalent(ReadModels.replayOf(store), readModel);
            assertSameEvents(auditLogOf(readModel), auditLogOf(rebuilt));
            assertSameEvents(auditLogOf(readModel), store.allEvents());
        }

        @Test
        @DisplayName("rebuilding the live model in place leaves it as it was")
        void rebuildInPlace() throws InterruptedException {
            feedLiveThroughBus(readModel);
            subscriptions.forEach(Subscription::close);
            Contents live = contentsOf(readModel);
            long head = store.headPosition();
            List<Progress> heard = new CopyOnWriteArrayList<>();

            long appliedUpTo = new Projector(readModel, store).rebuild(listener(heard));

            assertThat(appliedUpTo).isEqualTo(head);
            assertProgress(heard, head);
            assertThat(contentsOf(readModel)).isEqualTo(live);
            ReadModels.assertEquivalent(ReadModels.replayOf(store), readModel);
        }

        @Test
        @DisplayName("a rebuild of an empty store leaves the model empty and reports position 0")
        void rebuildEmpty() {
            List<Progress> heard = new CopyOnWriteArrayList<>();

            long appliedUpTo = new Projector(readModel, store).rebuild(listener(heard));

            assertThat(appliedUpTo).isZero();
            assertThat(heard).containsExactly(new Progress(0, 0));
            assertThat(ReadModels.allAccounts(readModel)).isEmpty();
            assertThat(auditLogOf(readModel)).isEmpty();
        }
    }

    @Nested
    @DisplayName("Resetting the read model")
    class Reset {

        @Test
        @DisplayName("forgets every account, history, transfer and audit log entry")
        void forgetsEverything() {
            Scenario s = scenario();
            applyAll(readModel, store.allEvents());
            assertThat(contentsOf(readModel).accounts()).hasSize(2);

            readModel.reset();

            assertThat(readModel.account(s.ann())).isEmpty();
            assertThat(readModel.account(s.bob())).isEmpty();
            Page<AccountView> accounts = readModel.accounts("", 10);
            assertThat(accounts.items()).isEmpty();
            assertThat(accounts.hasMore()).isFalse();
            assertThat(readModel.transactions(s.ann(), Long.MAX_VALUE, 10).items()).isEmpty();
            assertThat(readModel.transactions(s.bob(), Long.MAX_VALUE, 10).items()).isEmpty();
            assertThat(readModel.transfer(s.transferId())).isEmpty();
            Page<RecordedEvent> auditLog = readModel.auditLog(GlobalLogQuery.after(0, 10));
            assertThat(auditLog.items()).isEmpty();
            assertThat(auditLog.hasMore()).isFalse();
        }

        @Test
        @DisplayName("forgets the applied versions: events apply again from version 1, and a later one is a gap")
        void appliesAgainFromVersionOne() {
            Scenario s = scenario();
            List<RecordedEvent> events = store.allEvents();
            applyAll(readModel, events);

            readModel.reset();

            assertThat(readModel.apply(event(s.ann(), 2))).isEqualTo(ApplyResult.gap(0));
            applyAll(readModel, events);
            ReadModels.assertEquivalent(ReadModels.replayOf(store), readModel);
            assertSameEvents(auditLogOf(readModel), events);
        }

        @Test
        @DisplayName("of an empty model changes nothing")
        void resetEmpty() {
            readModel.reset();

            assertThat(readModel.accounts("", 10).items()).isEmpty();
            assertThat(auditLogOf(readModel)).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------- scenarios

    /** Two accounts, two deposits, a withdrawal and a transfer: seven events, at positions 1 to 7. */
    private Scenario scenario() {
        String ann = open("ann", "Ann", "100.00");
        String bob = open("bob", "Bob", "0.00");
        execute(Deposit.of(AccountId.of(ann), new BigDecimal("50.00"), Description.of("salary")));
        execute(Deposit.of(AccountId.of(bob), new BigDecimal("20.00"), Description.of("gift")));
        execute(Withdraw.of(AccountId.of(ann), new BigDecimal("30.00"), Description.of("rent")));
        UUID transferId = execute(Transfer.of(AccountId.of(ann), AccountId.of(bob), new BigDecimal("40.00"),
                Description.of("dinner"))).transferId().orElseThrow();
        return new Scenario(ann, bob, transferId);
    }

    /**
     * Opens a few accounts and runs random deposits, withdrawals and transfers on them, all of which the ledger
     * accepts (the balances are tracked here).
     */
    private void randomWorkload(Random random, Consumer<Accepted> afterEach) {
        List<String> ids = new ArrayList<>();
        Map<String, Long> cents = new HashMap<>();
        for (int i = 0; i < WORKLOAD_ACCOUNTS; i++) {
            long opening = i % 3 == 0 ? 0 : 1 + random.nextInt(50_000);
            String id = accountId("w" + i);
            afterEach.accept(execute(new CreateAccount(AccountId.of(id), OwnerName.of("Owner " + i),
                    new Money(BigDecimal.valueOf(opening, 2), Money.currency(USD)))));
            accountIds.add(id);
            ids.add(id);
            cents.put(id, opening);
        }
        int transfers = 0;
        for (int i = 0; i < WORKLOAD_COMMANDS; i++) {
            String account = ids.get(random.nextInt(ids.size()));
            long balance = cents.get(account);
            int kind = random.nextInt(3);
            Description description = Description.of("command " + i);
            if (kind == 0 || balance == 0) {
                long amount = 1 + random.nextInt(20_000);
                afterEach.accept(execute(Deposit.of(AccountId.of(account), BigDecimal.valueOf(amount, 2), description)));
                cents.merge(account, amount, Long::sum);
            } else if (kind == 1) {
                long amount = Math.min(balance, 1 + (long) (random.nextDouble() * balance));
                afterEach.accept(execute(Withdraw.of(AccountId.of(account), BigDecimal.valueOf(amount, 2),
                        description)));
                cents.merge(account, -amount, Long::sum);
            } else {
                String payee = ids.get((ids.indexOf(account) + 1 + random.nextInt(ids.size() - 1)) % ids.size());
                long amount = Math.min(balance, 1 + (long) (random.nextDouble() * balance));
                afterEach.accept(execute(Transfer.of(AccountId.of(account), AccountId.of(payee),
                        BigDecimal.valueOf(amount, 2), description)));
                cents.merge(account, -amount, Long::sum);
                cents.merge(payee, amount, Long::sum);
                transfers++;
            }
        }
        assertThat(transfers).as("the random workload should hold transfers").isPositive();
    }

    /**
     * Subscribes a projector of the model to a new bus, runs a random workload, and publishes each append
     * once, twice, or not at all; then a closing deposit on every account, so that every stream ends with a
     * published event. Returns once the model applied everything the store holds.
     */
    private void feedLiveThroughBus(LedgerReadModel live) throws InterruptedException {
        InMemoryEventBus bus = new InMemoryEventBus(BUS_ACK_WAIT);
        subscriptions.add(new Projector(live, store).subscribe(bus, "projection-" + suffix));
        Random random = new Random(LIVE_SEED);
        List<Accepted> skipped = new ArrayList<>();
        List<Accepted> twice = new ArrayList<>();
        randomWorkload(random, accepted -> {
            int roll = random.nextInt(10);
            if (roll < 2) {
                skipped.add(accepted);
                return;
            }
            bus.publish(accepted.events());
            if (roll < 4) {
                bus.publish(accepted.events());
                twice.add(accepted);
            }
        });
        for (String id : accountIds) {
            bus.publish(execute(Deposit.of(AccountId.of(id), new BigDecimal("1.00"), Description.of("closing")))
                    .events());
        }
        assertThat(skipped).as("appends never published, which the projector must fill in from the store")
                .isNotEmpty();
        assertThat(twice).as("appends published twice").isNotEmpty();
        awaitCaughtUp(live);
    }

    private void awaitCaughtUp(LedgerReadModel live) throws InterruptedException {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String id : accountIds) {
            expected.put(id, (long) store.readStream(id, StreamRange.all()).size());
        }
        long deadline = System.nanoTime() + catchUpTimeout().toNanos();
        Map<String, Long> behind = behind(live, expected);
        while (!behind.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail("the live read model did not catch up within %s; these accounts are at these versions instead"
                        + " of %s: %s", catchUpTimeout(), expected, behind);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            behind = behind(live, expected);
        }
    }

    private static Map<String, Long> behind(LedgerQueries model, Map<String, Long> expected) {
        Map<String, Long> behind = new LinkedHashMap<>();
        expected.forEach((id, version) -> {
            long applied = model.account(id).map(AccountView::version).orElse(0L);
            if (applied != version) {
                behind.put(id, applied);
            }
        });
        return behind;
    }

    /**
     * Runs a random workload and returns its events shuffled, about one in four of them twice, as a bus might
     * deliver them.
     */
    private List<RecordedEvent> shuffledDeliveries(Random random) {
        randomWorkload(random, accepted -> { });
        List<RecordedEvent> recorded = store.allEvents();
        List<RecordedEvent> deliveries = new ArrayList<>(recorded);
        for (RecordedEvent event : recorded) {
            if (random.nextInt(4) == 0) {
                deliveries.add(event);
            }
        }
        Collections.shuffle(deliveries, random);
        return deliveries;
    }

    /** Fails unless the model equals a replay of the store, its audit log holding every event in order. */
    private void assertEqualsTheStore(LedgerReadModel model, String context) {
        try {
            ReadModels.assertEquivalent(ReadModels.replayOf(store), model);
            assertThat(auditLogOf(model)).as("audit log, in position order")
                    .usingRecursiveFieldByFieldElementComparator(SAME_EVENT)
                    .containsExactlyElementsOf(store.allEvents());
        } catch (AssertionError e) {
            throw new AssertionError(context + ": " + e.getMessage(), e);
        }
    }

    /** Counts the deliveries that come before a predecessor of their stream was applied (as a projector sees). */
    private static int earlyArrivals(List<RecordedEvent> deliveries) {
        Map<String, Long> applied = new HashMap<>();
        int early = 0;
        for (RecordedEvent event : deliveries) {
            long last = applied.getOrDefault(event.aggregateId(), 0L);
            if (event.streamVersion() > last + 1) {
                early++;
            }
            applied.put(event.aggregateId(), Math.max(last, event.streamVersion()));
        }
        return early;
    }

    // ---------------------------------------------------------------------------------------------- commands

    private String open(String name, String owner, String balance) {
        return open(name, owner, usd(balance));
    }

    private String open(String name, String owner, Money balance) {
        String id = accountId(name);
        execute(new CreateAccount(AccountId.of(id), OwnerName.of(owner), balance));
        accountIds.add(id);
        return id;
    }

    private Accepted execute(LedgerCommand command) {
        CommandResult result = ledger.execute(command);
        assertThat(result).as("the ledger should accept %s", command).isInstanceOf(Accepted.class);
        Accepted accepted = (Accepted) result;
        accepted.transferId().ifPresent(transferIds::add);
        return accepted;
    }

    // ---------------------------------------------------------------------------------------------- reading

    private RecordedEvent event(String accountId, long version) {
        List<RecordedEvent> events = store.readStream(accountId, StreamRange.from(version).upToVersion(version));
        assertThat(events).as("version %d of %s in the store", version, accountId).hasSize(1);
        return events.get(0);
    }

    private static void applyAll(Projection projection, List<RecordedEvent> events) {
        for (RecordedEvent event : events) {
            assertThat(projection.apply(event))
                    .as("applying %s version %d (%s)", event.aggregateId(), event.streamVersion(), event.eventType())
                    .isEqualTo(ApplyResult.APPLIED);
        }
    }

    private TransactionView entry(String accountId, long version, TransactionType type, String amount,
                                  String balanceAfter, String description, Optional<UUID> transferId) {
        RecordedEvent recorded = event(accountId, version);
        return new TransactionView(recorded.eventId(), accountId, version, type, usd(amount), usd(balanceAfter),
                description, recorded.createdAt(), transferId);
    }

    /** Reads everything a read model shows about the accounts and transfers of the test. */
    private Contents contentsOf(LedgerQueries model) {
        Map<String, List<TransactionView>> histories = new LinkedHashMap<>();
        for (String id : accountIds) {
            histories.put(id, ReadModels.allTransactions(model, id));
        }
        Map<UUID, Optional<TransferView>> transfers = new LinkedHashMap<>();
        for (UUID id : transferIds) {
            transfers.put(id, model.transfer(id));
        }
        return new Contents(ReadModels.allAccounts(model), histories, transfers, auditLogOf(model));
    }

    private static List<RecordedEvent> auditLogOf(LedgerQueries model) {
        List<RecordedEvent> all = new ArrayList<>();
        long after = 0;
        Page<RecordedEvent> page;
        do {
            page = model.auditLog(GlobalLogQuery.after(after, READ_PAGE));
            all.addAll(page.items());
            if (!page.isEmpty()) {
                after = page.items().get(page.items().size() - 1).position();
            }
        } while (page.hasMore() && !page.isEmpty());
        return all;
    }

    private static void assertSameEvents(List<RecordedEvent> actual, List<RecordedEvent> expected) {
        assertThat(actual).usingRecursiveFieldByFieldElementComparator(SAME_EVENT)
                .containsExactlyElementsOf(expected);
    }

    private static List<String> accountIdsOf(Page<AccountView> page) {
        return page.items().stream().map(AccountView::accountId).toList();
    }

    private static List<Long> versionsOf(Page<TransactionView> page) {
        return page.items().stream().map(TransactionView::version).toList();
    }

    private static RebuildProgress listener(List<Progress> heard) {
        return (position, headPosition) -> heard.add(new Progress(position, headPosition));
    }

    private static void assertProgress(List<Progress> heard, long head) {
        assertThat(heard).as("progress reports").isNotEmpty()
                .allSatisfy(progress -> assertThat(progress.headPosition()).as("head position").isEqualTo(head));
        for (int i = 1; i < heard.size(); i++) {
            assertThat(heard.get(i).position()).as("progress positions should not go back: %s", heard)
                    .isGreaterThanOrEqualTo(heard.get(i - 1).position());
        }
        assertThat(heard.get(heard.size() - 1)).as("the last progress report").isEqualTo(new Progress(head, head));
    }

    private static Money usd(String amount) {
        return Money.of(amount, USD);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The accounts and the transfer of {@link #scenario()}. */
    private record Scenario(String ann, String bob, UUID transferId) {
    }

    /** Everything a read model shows about a test's accounts and transfers. */
    private record Contents(List<AccountView> accounts, Map<String, List<TransactionView>> histories,
                            Map<UUID, Optional<TransferView>> transfers, List<RecordedEvent> auditLog) {
    }

    /** One report of a rebuild's progress. */
    private record Progress(long position, long headPosition) {
    }

    /** A clock that advances a fixed step each time it is read, so that event times are known and distinct. */
    private static final class TickingClock extends Clock {
        private final Instant start;
        private final long tickNanos;
        private final AtomicLong readings = new AtomicLong();

        TickingClock(Instant start, Duration tick) {
            this.start = start;
            this.tickNanos = tick.toNanos();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            if (ZoneOffset.UTC.equals(zone)) {
                return this;
            }
            throw new UnsupportedOperationException("the ticking clock is in UTC only");
        }

        @Override
        public Instant instant() {
            return start.plusNanos(readings.getAndIncrement() * tickNanos);
        }
    }
}
