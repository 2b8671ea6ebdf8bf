package io.chronicleledger.benchmarks;

import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.BalanceAt;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.NewEvent;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamAppend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Time travel: {@link Ledger#balanceAt(AccountId, long)} on one account of {@value #EVENTS} events (created,
 * then 1.00 USD deposited {@value #EVENTS} - 1 times), at a version drawn at random each time, with a snapshot
 * every {@value #SNAPSHOT_EVERY} events (so at most {@value #SNAPSHOT_EVERY} - 1 events to replay) or with none
 * (on average half the account to replay).
 *
 * <p>Seeding: a ledger on an in-memory store executes the commands, saving its snapshots straight into the
 * store under test. For PostgreSQL its events are then copied in appends of {@value #COPY_BATCH} events, so the
 * snapshots' {@code as_of} times are a little earlier than the copied events' {@code created_at}: harmless here,
 * as the benchmark asks by version, not by time.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class BalanceAtBenchmark {

    /** The events of the account. */
    public static final int EVENTS = 100_000;
    /** The events between two snapshots, when there are snapshots. */
    public static final int SNAPSHOT_EVERY = 100;
    /** The events per append when copying the account into PostgreSQL. */
    public static final int COPY_BATCH = 1_000;

    private static final AccountId ACCOUNT = AccountId.of("ACC-BALANCE");
    private static final BigDecimal ONE = new BigDecimal("1.00");

    /** {@code memory} or {@code postgres}. */
    @Param({StoreUnderTest.MEMORY, StoreUnderTest.POSTGRES})
    public String store;

    /** Whether the account has a snapshot every {@value #SNAPSHOT_EVERY} events. */
    @Param({"true", "false"})
    public boolean snapshots;

    private StoreUnderTest target;
    private Ledger ledger;

    /** Opens the store and records the account. */
    @Setup(Level.Trial)
    public void seed() {
        target = StoreUnderTest.open(store, 2);
        EventStore seedEvents = target.inMemory() ? target.events() : new InMemoryEventStore();
        Ledger seeder = withSnapshots(Ledger.builder().eventStore(seedEvents)
                .snapshotEvery(snapshots ? SNAPSHOT_EVERY : 0)).build();
        expectAccepted(seeder.execute(new CreateAccount(ACCOUNT, OwnerName.of("Balance Benchmark"),
                Money.of("0", "USD"))));
        for (int i = 1; i < EVENTS; i++) {
            expectAccepted(seeder.execute(Deposit.of(ACCOUNT, ONE, Description.NONE)));
        }
        if (!target.inMemory()) {
            copy(((InMemoryEventStore) seedEvents).allEvents(), target.events());
        }
        ledger = withSnapshots(Ledger.builder().eventStore(target.events())).build();

        BalanceAt last = ledger.balanceAt(ACCOUNT, EVENTS);
        if (!(last instanceof BalanceAt.Balance balance) || balance.version() != EVENTS
                || balance.balance().amount().compareTo(BigDecimal.valueOf(EVENTS - 1)) != 0) {
            throw new IllegalStateException("the account was not recorded as expected: " + last);
        }
    }

    private Ledger.Builder withSnapshots(Ledger.Builder builder) {
        return snapshots ? builder.snapshotStore(target.snapshots()) : builder;
    }

    private static void copy(List<RecordedEvent> events, EventStore to) {
        for (int from = 0; from < events.size(); from += COPY_BATCH) {
            List<NewEvent> batch = events.subList(from, Math.min(events.size(), from + COPY_BATCH)).stream()
                    .map(e -> new NewEvent(e.eventId(), e.eventType(), e.eventVersion(), e.data(), e.metadata()))
                    .toList();
            AppendResult result = to.append(AppendRequest.of(new StreamAppend(ACCOUNT.value(),
                    events.get(from).aggregateType(), from, batch)));
            if (!(result instanceof AppendResult.Appended)) {
                throw new IllegalStateException("the copy was not recorded: " + result);
            }
        }
    }

    /**
     * Drops the trial's schema.
     *
     * @throws SQLException when the schema cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        target.close();
    }

    /**
     * Asks the balance after a random version of the account.
     *
     * @return the balance then
     */
    @Benchmark
    public BalanceAt balanceAt() {
        BalanceAt result = ledger.balanceAt(ACCOUNT, 1 + ThreadLocalRandom.current().nextInt(EVENTS));
        if (!(result instanceof BalanceAt.Balance)) {
            throw new IllegalStateException("no balance: " + result);
        }
        return result;
    }

    private static void expectAccepted(CommandResult result) {
        if (!(result instanceof CommandResult.Accepted)) {
            throw new IllegalStateException("the command was refused: " + result);
        }
    }
}
