package io.chronicleledger.benchmarks;

import io.chronicleledger.bus.nats.NatsEventBus;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.projection.Projector;
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
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A deposit through the {@link Ledger} and its way into the read model, as the reference server wires it: the
 * store's outbox, an {@link OutboxRelay} woken after the append, the bus ({@code bus=memory}, the in-memory bus,
 * or {@code bus=nats}, {@link NatsEventBus} on the NATS of {@link NatsPublishBenchmark}: JetStream, a durable
 * pull consumer and its acks), and a {@link Projector} into the in-memory read model. Each call deposits 1.00 USD into the next of {@value #ACCOUNTS} accounts and
 * returns once the read model shows the account's new version. The time minus that of
 * {@link DepositBenchmark} (the same deposit alone) is the projection lag, from the command's answer to the
 * read model. The waiting caller parks in steps of {@value #POLL_MICROS} µs, which is the resolution.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class ProjectionLagBenchmark {

    /** The accounts deposited into in turn. */
    public static final int ACCOUNTS = 1_000;

    /** How long the caller parks between two looks at the read model. */
    public static final long POLL_MICROS = 10;

    private static final BigDecimal ONE = new BigDecimal("1.00");
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** {@code memory} or {@code postgres}. */
    @Param({StoreUnderTest.MEMORY, StoreUnderTest.POSTGRES})
    public String store;

    /** {@code memory} or {@code nats}. */
    @Param({"memory", "nats"})
    public String bus;

    private StoreUnderTest target;
    private EventBus eventBus;
    private Ledger ledger;
    private InMemoryLedgerReadModel readModel;
    private Subscription projection;
    private OutboxRelay relay;
    private AccountId[] accounts;
    private long[] versions;
    private long requests;

    /** Opens the store, starts the relay and the projection, and creates the accounts. */
    @Setup(Level.Trial)
    public void open() {
        target = StoreUnderTest.open(store, 4);
        ledger = Ledger.builder().eventStore(target.events()).snapshotStore(target.snapshots()).build();
        readModel = new InMemoryLedgerReadModel();
        String run = UUID.randomUUID().toString().substring(0, 8);
        eventBus = "nats".equals(bus) ? NatsEventBus.connect(NatsPublishBenchmark.config()) : new InMemoryEventBus();
        projection = new Projector(readModel, target.events()).subscribe(eventBus, "read-model-" + run);
        relay = OutboxRelay.start(target.outbox(), eventBus, Duration.ofMillis(100));
        accounts = new AccountId[ACCOUNTS];
        versions = new long[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts[i] = AccountId.of("ACC-" + run + "-" + i);
            expectAccepted(ledger.execute(new CreateAccount(accounts[i], OwnerName.of("Benchmark " + i),
                    Money.of("0", "USD"))));
            versions[i] = 1;
        }
        relay.wake();
        for (int i = 0; i < ACCOUNTS; i++) {
            awaitVersion(i);
        }
    }

    /**
     * Stops the relay and the projection and drops the trial's schema.
     *
     * @throws SQLException when the schema cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        relay.close();
        projection.close();
        if (eventBus instanceof NatsEventBus nats) {
            nats.close();
        }
        target.close();
    }

    /**
     * Deposits 1.00 USD into the next account and waits until the read model shows it.
     *
     * @return the account as the read model shows it
     */
    @Benchmark
    public AccountView depositAndProject() {
        int account = (int) (requests++ % ACCOUNTS);
        expectAccepted(ledger.execute(Deposit.of(accounts[account], ONE, Description.NONE)));
        versions[account]++;
        relay.wake();
        return awaitVersion(account);
    }

    private AccountView awaitVersion(int account) {
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (true) {
            AccountView view = readModel.account(accounts[account].value()).orElse(null);
            if (view != null && view.version() >= versions[account]) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the read model did not reach version " + versions[account]
                        + " of " + accounts[account] + " within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
        }
    }

    private static void expectAccepted(CommandResult result) {
        if (!(result instanceof CommandResult.Accepted)) {
            throw new IllegalStateException("the command was refused: " + result);
        }
    }
}
