package io.chronicleledger.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.core.Page;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.projection.pg.ReadModelRebuild;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
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
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code rebuild-read-model} as a library call: {@link ReadModelRebuild} of the PostgreSQL read model from a store
 * holding {@code events} ledger events (deposits and transfers over {@value #ACCOUNTS} accounts), bulk load,
 * catch-up, compare with the live model and switch. One operation is one whole rebuild (single shot); events per
 * second = {@code events} / the time. The floor in the same run, {@code readLog}, reads the same global log page by
 * page and does nothing with it: a rebuild cannot be faster.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RebuildBenchmark {

    /** The accounts of the recorded ledger. */
    public static final int ACCOUNTS = 1_000;

    private static final int WRITERS = 8;
    private static final int PAGE_SIZE = 1_000;
    private static final BigDecimal ONE = new BigDecimal("1.00");

    /** The event store read: {@code memory} or {@code postgres}. */
    @Param({"memory", "postgres"})
    public String store;

    /** How many events the store holds. */
    @Param({"100000"})
    public int events;

    private StoreUnderTest storeUnderTest;
    private HikariDataSource readDataSource;
    private String liveSchema;

    /**
     * Fills the store, and opens the read model's database.
     *
     * @throws Exception when a command is refused or a writer fails
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        storeUnderTest = StoreUnderTest.open(store, WRITERS + 2);
        fill(Ledger.builder().eventStore(storeUnderTest.events()).build());
        liveSchema = "chronicle_bench_live_" + StoreUnderTest.newSchemaName().substring("chronicle_bench_".length());
        readDataSource = CockroachStoreConfig.of(StoreUnderTest.postgresUrl()).withSchema(liveSchema).withPoolSize(4)
                .createDataSource();
    }

    /**
     * Drops the read model and the store, and closes the pools.
     *
     * @throws SQLException when the store's schema cannot be dropped
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        PostgresLedgerReadModel.builder().dataSource(readDataSource).schema(liveSchema).build().dropSchema();
        readDataSource.close();
        storeUnderTest.close();
    }

    /**
     * Rebuilds the read model from the store, and switches to it.
     *
     * @return what the rebuild did
     */
    @Benchmark
    public ReadModelRebuild.Result rebuild() {
        ReadModelRebuild.Result result = ReadModelRebuild.builder().eventStore(storeUnderTest.events())
                .dataSource(readDataSource).liveSchema(liveSchema).build().run();
        if (!result.switched() || !result.differences().isEmpty() || result.eventsProjected() < events) {
            throw new IllegalStateException("the rebuild did not project the whole store and switch: " + result);
        }
        return result;
    }

    /**
     * The floor: reads the store's global log, page by page, to its end.
     *
     * @return the last position read
     */
    @Benchmark
    public long readLog() {
        long position = 0;
        Page<RecordedEvent> page;
        do {
            page = storeUnderTest.events().readAll(GlobalLogQuery.after(position, PAGE_SIZE));
            if (!page.items().isEmpty()) {
                position = page.items().get(page.items().size() - 1).position();
            }
        } while (page.hasMore());
        return position;
    }

    /** Records {@code events} events with a few concurrent writers, as a busy ledger would. */
    private void fill(Ledger ledger) throws Exception {
        List<AccountId> accounts = new ArrayList<>(ACCOUNTS);
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountId id = AccountId.of("REBUILD-" + i);
            expectAccepted(ledger.execute(new CreateAccount(id, OwnerName.of("Owner " + i),
                    Money.of("1000000.00", "USD"))));
            accounts.add(id);
        }
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                running.add(writers.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (storeUnderTest.events().headPosition() < events) {
                        AccountId from = accounts.get(random.nextInt(ACCOUNTS));
                        AccountId to = accounts.get(random.nextInt(ACCOUNTS));
                        expectAccepted(random.nextBoolean() || from.equals(to)
                                ? ledger.execute(Deposit.of(from, ONE, Description.of("deposit")))
                                : ledger.execute(Transfer.of(from, to, ONE, Description.of("transfer"))));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        } finally {
            writers.shutdownNow();
        }
    }

    private static void expectAccepted(CommandResult result) {
        if (!(result instanceof CommandResult.Accepted)) {
            throw new IllegalStateException("the command was refused: " + result);
        }
    }
}
