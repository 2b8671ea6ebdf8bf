package io.chronicleledger.benchmarks;

import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A deposit and a transfer through the {@link Ledger}, end to end in the library (no HTTP): lock, load the
 * accounts (from the ledger's cache), decide, encode, append, and a snapshot every 100 events of an account. One
 * caller deposits 1.00 USD into {@value #ACCOUNTS} accounts in turn ({@link #deposit}), or transfers 0.01 USD from
 * each account to the next ({@link #transfer}: a decision over two streams, one append), with or without an
 * idempotency key (the key is stored in the same append). PostgreSQL gets a fresh schema per trial; the
 * in-memory store starts empty every iteration.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class DepositBenchmark {

    /** The accounts deposited into in turn. */
    public static final int ACCOUNTS = 1_000;

    private static final BigDecimal ONE = new BigDecimal("1.00");
    private static final BigDecimal CENT = new BigDecimal("0.01");

    /** {@code memory} or {@code postgres}. */
    @Param({StoreUnderTest.MEMORY, StoreUnderTest.POSTGRES})
    public String store;

    /** Whether each deposit carries a new idempotency key. */
    @Param({"false", "true"})
    public boolean idempotencyKey;

    private StoreUnderTest target;
    private Ledger ledger;
    private AccountId[] accounts;
    private String keyPrefix;
    private long requests;

    /** Opens PostgreSQL and creates the accounts for the trial. */
    @Setup(Level.Trial)
    public void open() {
        if (!StoreUnderTest.MEMORY.equals(store)) {
            prepare(StoreUnderTest.open(store, 2));
        }
    }

    /** Starts every iteration on an empty in-memory store, with new accounts. */
    @Setup(Level.Iteration)
    public void emptyMemoryStore() {
        if (StoreUnderTest.MEMORY.equals(store)) {
            prepare(StoreUnderTest.open(store, 2));
        }
    }

    private void prepare(StoreUnderTest opened) {
        target = opened;
        ledger = Ledger.builder().eventStore(target.events()).snapshotStore(target.snapshots()).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        keyPrefix = "deposit-" + run + "-";
        accounts = new AccountId[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts[i] = AccountId.of("ACC-" + run + "-" + i);
            expectAccepted(ledger.execute(new CreateAccount(accounts[i], OwnerName.of("Benchmark " + i),
                    Money.of("1000000.00", "USD"))));
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
     * Deposits 1.00 USD into the next account.
     *
     * @return the ledger's answer
     */
    @Benchmark
    public CommandResult deposit() {
        long request = requests++;
        Deposit deposit = Deposit.of(accounts[(int) (request % ACCOUNTS)], ONE, Description.NONE);
        return expectAccepted(idempotencyKey
                ? ledger.execute(deposit, keyPrefix + request)
                : ledger.execute(deposit));
    }

    /**
     * Transfers 0.01 USD from the next account to the one after it.
     *
     * @return the ledger's answer
     */
    @Benchmark
    public CommandResult transfer() {
        long request = requests++;
        int from = (int) (request % ACCOUNTS);
        Transfer transfer = Transfer.of(accounts[from], accounts[(from + 1) % ACCOUNTS], CENT, Description.NONE);
        return expectAccepted(idempotencyKey
                ? ledger.execute(transfer, keyPrefix + request)
                : ledger.execute(transfer));
    }

    private static CommandResult expectAccepted(CommandResult result) {
        if (!(result instanceof CommandResult.Accepted)) {
            throw new IllegalStateException("the command was refused: " + result);
        }
        return result;
    }
}
