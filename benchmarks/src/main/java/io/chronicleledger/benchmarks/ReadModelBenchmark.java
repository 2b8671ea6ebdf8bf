package io.chronicleledger.benchmarks;

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
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import org.openjdk.jmh.annotations.AuxCounters;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL read model applying a ledger's events in batches of {@code batchSize}, one transaction per batch,
 * as a processor does with what its bus hands over ({@code batchSize=1}: one event per transaction, a processor
 * keeping up with a trickle; 100 and 500: a backlog, or a rebuild). The events are recorded beforehand by a
 * {@link Ledger} on an in-memory store ({@value #EVENTS} deposits and transfers over {@value #ACCOUNTS} accounts)
 * and applied in position order. One operation is one batch; the {@code events} counter reports events per
 * second. Compare with {@link JdbcBaselineBenchmark} (one row per transaction) in the same run. Each trial
 * projects into a new schema, dropped at its end, and each iteration starts from empty tables.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ReadModelBenchmark {

    /** The accounts of the recorded ledger. */
    public static final int ACCOUNTS = 1_000;

    /** The events recorded before the trial: more than a trial applies on this machine. */
    public static final int EVENTS = 120_000;

    private static final BigDecimal ONE = new BigDecimal("1.00");

    /** How many events one transaction applies. */
    @Param({"1", "100", "500"})
    public int batchSize;

    private List<RecordedEvent> events;
    private ReadSchema schema;
    private PostgresLedgerReadModel readModel;
    private int next;

    /** Records the ledger's events, and creates the read model in a new schema. */
    @Setup(Level.Trial)
    public void open() {
        events = record();
        schema = ReadSchema.create(2);
        readModel = schema.model();
    }

    /** Empties the read model, so that every iteration applies the log from its start. */
    @Setup(Level.Iteration)
    public void empty() {
        readModel.reset();
        next = 0;
    }

    /** Drops the schema and closes the pool. */
    @TearDown(Level.Trial)
    public void close() {
        schema.close();
    }

    /**
     * Applies the next batch of recorded events in one transaction.
     *
     * @param applied counts the events applied
     * @return the outcomes (all applied)
     */
    @Benchmark
    public List<ApplyResult> apply(AppliedEvents applied) {
        if (next + batchSize > events.size()) {
            throw new IllegalStateException("the iteration applied all " + EVENTS + " recorded events");
        }
        List<ApplyResult> results = readModel.applyAll(events.subList(next, next + batchSize));
        next += batchSize;
        for (ApplyResult result : results) {
            if (result.kind() != ApplyResult.Kind.APPLIED) {
                throw new IllegalStateException("an event in position order was not applied: " + result);
            }
        }
        applied.events += batchSize;
        return results;
    }

    /** The events applied, reported by JMH as a rate next to the batches. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class AppliedEvents {
        /** Events applied in the iteration. */
        public long events;

        /** Starts each iteration's count from zero. */
        @Setup(Level.Iteration)
        public void clear() {
            events = 0;
        }
    }

    private static List<RecordedEvent> record() {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        List<AccountId> accounts = new ArrayList<>(ACCOUNTS);
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountId id = AccountId.of("READ-" + i);
            expectAccepted(ledger.execute(new CreateAccount(id, OwnerName.of("Reader " + i), Money.of("1000.00", "USD"))));
            accounts.add(id);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (store.headPosition() < EVENTS) {
            AccountId from = accounts.get(random.nextInt(ACCOUNTS));
            AccountId to = accounts.get(random.nextInt(ACCOUNTS));
            expectAccepted(random.nextBoolean() || from.equals(to)
                    ? ledger.execute(Deposit.of(from, ONE, Description.NONE))
                    : ledger.execute(Transfer.of(from, to, ONE, Description.NONE)));
        }
        List<RecordedEvent> recorded = new ArrayList<>(EVENTS + 1);
        long position = 0;
        Page<RecordedEvent> page;
        do {
            page = store.readAll(GlobalLogQuery.after(position, GlobalLogQuery.MAX_LIMIT));
            recorded.addAll(page.items());
            position = page.items().isEmpty() ? position : page.items().get(page.items().size() - 1).position();
        } while (page.hasMore());
        return recorded;
    }

    private static void expectAccepted(CommandResult result) {
        if (!(result instanceof CommandResult.Accepted)) {
            throw new IllegalStateException("the command was refused: " + result);
        }
    }
}
