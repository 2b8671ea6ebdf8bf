package io.chronicleledger.benchmarks;

import io.chronicleledger.bus.nats.NatsEventBus;
import io.chronicleledger.core.Page;
import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.OutboxRelay;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.AccountState;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import org.HdrHistogram.Histogram;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The projection lag at a fixed command rate, on the stack the reference server wires: a {@link Ledger} on the
 * PostgreSQL event store ({@code CockroachEventStore}, a fresh schema), an {@link OutboxRelay} woken after each
 * command and publishing to {@link NatsEventBus} (a private nats-server, or {@code CHRONICLE_NATS_URL}), a
 * {@link Projector} subscribed as the durable consumer {@code read-model}, applying into
 * {@link PostgresLedgerReadModel} (a schema of its own). Deposits of 1.00 USD go round robin into accounts
 * created beforehand, issued open-loop ({@link OpenLoop}: a fixed schedule, a few workers), first for a
 * warm-up at the same rate, then, once the read model has caught up with it (so that the measured span starts
 * on an empty pipeline and a JIT-compiled JVM), for the measured span.
 *
 * <p>For each measured command it records, in milliseconds, the lag from the ledger's acknowledgement to the
 * moment the read model's transaction committed its event ({@link NotifyingReadModel}, {@link CommandLag}); the
 * command's response time from its due time; and the two together. Next to them, in the same run: the floor,
 * one row inserted and committed on the same PostgreSQL ({@link RowInserts}), before and after the load, and the
 * machine's load. At the end it checks that no command failed, every acknowledged event reached the read
 * model, and the read model's total balance equals the store's; it exits 1 otherwise.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.chronicleledger.benchmarks.LagAtRate --rate 1000 --seconds 60
 * }</pre>
 */
public final class LagAtRate {

    private static final BigDecimal ONE = new BigDecimal("1.00");
    private static final int FLOOR_INSERTS = 2_000;
    private static final long WINDOW_SECONDS = 10;
    /** How long the read model may go without applying anything before the run gives up waiting for it. */
    private static final long STALL_SECONDS = 60;

    private LagAtRate() {
    }

    /**
     * Runs the measurement and prints its report.
     *
     * @param args {@code --rate} (commands per second), {@code --seconds} (measured), {@code --warmup} (seconds at the rate, before),
     *             {@code --accounts}, {@code --workers} (threads issuing the commands)
     * @throws Exception when the set-up or the load fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("rate", "1000");
        defaults.put("seconds", "60");
        defaults.put("warmup", "30");
        defaults.put("accounts", "1000");
        defaults.put("workers", "8");
        Options options = Options.parse(args, defaults);
        boolean ok = new LagAtRate().run(options.integer("rate"), options.integer("seconds"),
                options.integer("warmup"), options.integer("accounts"), options.integer("workers"), options);
        System.exit(ok ? 0 : 1);
    }

    private boolean run(int rate, int seconds, int warmup, int accountCount, int workers, Options options)
            throws Exception {
        System.out.println("LagAtRate " + options);
        System.out.println("start     " + Machine.now());
        int windows = (int) ((seconds + WINDOW_SECONDS - 1) / WINDOW_SECONDS);
        CommandLag times = new CommandLag(windows, TimeUnit.SECONDS.toNanos(WINDOW_SECONDS));
        try (StoreUnderTest store = StoreUnderTest.open(StoreUnderTest.POSTGRES, workers + 2);
             ReadSchema read = ReadSchema.create(2);
             NatsEventBus bus = NatsEventBus.connect(NatsPublishBenchmark.config());
             RowInserts floor = RowInserts.open()) {
            Ledger ledger = Ledger.builder().eventStore(store.events()).snapshotStore(store.snapshots()).build();
            Subscription projection = new Projector(new NotifyingReadModel(read.model(), times::applied),
                    store.events()).subscribe(bus, "read-model");
            try (OutboxRelay relay = OutboxRelay.start(store.outbox(), bus, Duration.ofMillis(100))) {
                List<AccountId> accounts = createAccounts(ledger, relay, times, accountCount);
                awaitReadModel(times);
                System.out.println("warm-up   " + Machine.now());
                Load load = new Load(ledger, relay, accounts, times);
                OpenLoop.run(System.nanoTime(), rate, Duration.ofSeconds(warmup), workers,
                        (index, due) -> load.deposit(index, due, false));
                awaitReadModel(times);
                Histogram floorBefore = floor.measure(FLOOR_INSERTS);
                System.out.println("measure   " + Machine.now());
                long appliedBefore = times.appliedEvents();
                long acceptedBefore = load.accepted();
                long start = System.nanoTime();
                times.measureFrom(start);
                OpenLoop.run(start, rate, Duration.ofSeconds(seconds), workers,
                        (index, due) -> load.deposit(warmup * rate + index, due, true));
                long scheduleEnd = System.nanoTime();
                System.out.println("end       " + Machine.now());
                boolean caughtUp = awaitReadModel(times);
                long drained = System.nanoTime();
                Histogram floorAfter = floor.measure(FLOOR_INSERTS);
                System.out.println("done      " + Machine.now());

                report(times, floorBefore, floorAfter, "Milliseconds; " + rate + " deposits/s for " + seconds
                        + " s after " + warmup + " s of warm-up (and its catch-up), " + accountCount + " accounts, " + workers
                        + " workers:");
                System.out.printf(Locale.ROOT, "measured span: ledger acknowledged %.0f commands/s (all %d by"
                        + " %.1f s after its start); read model applied %.0f events/s (caught up %.1f s after the schedule ended)%n",
                        (load.accepted() - acceptedBefore) / seconds(scheduleEnd - start),
                        load.accepted() - acceptedBefore, seconds(scheduleEnd - start),
                        (times.appliedEvents() - appliedBefore) / seconds(drained - start),
                        seconds(drained - scheduleEnd));
                return load.check(read.model(), caughtUp, times.pending());
            } finally {
                projection.close();
            }
        }
    }

    /** The load's commands and their outcomes. */
    private static final class Load {

        private final Ledger ledger;
        private final OutboxRelay relay;
        private final List<AccountId> accounts;
        private final CommandLag times;
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicReference<Object> firstError = new AtomicReference<>();

        Load(Ledger ledger, OutboxRelay relay, List<AccountId> accounts, CommandLag times) {
            this.ledger = ledger;
            this.relay = relay;
            this.accounts = accounts;
            this.times = times;
        }

        long accepted() {
            return accepted.get();
        }

        /** Deposits 1.00 into the index-th account (round robin) and notes when it was acknowledged. */
        void deposit(long index, long due, boolean measured) {
            try {
                CommandResult result = ledger.execute(
                        Deposit.of(accounts.get((int) (index % accounts.size())), ONE, Description.NONE));
                long acked = System.nanoTime();
                relay.wake();
                if (result instanceof CommandResult.Accepted done) {
                    accepted.incrementAndGet();
                    times.acknowledged(done.events(), due, acked, measured);
                } else {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, result);
                }
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, e);
            }
        }

        /** Reports the errors, the events still missing and both totals; true when all is well. */
        boolean check(LedgerQueries readModel, boolean caughtUp, int pending) {
            BigDecimal expected = ONE.multiply(BigDecimal.valueOf(accepted.get()));
            BigDecimal store = BigDecimal.ZERO;
            for (AccountId account : accounts) {
                store = store.add(ledger.account(account).map(AccountState::balance).map(Money::amount)
                        .orElse(BigDecimal.ZERO));
            }
            BigDecimal read = BigDecimal.ZERO;
            String after = "";
            Page<AccountView> page;
            do {
                page = readModel.accounts(after, LedgerQueries.MAX_PAGE_SIZE);
                for (AccountView account : page.items()) {
                    read = read.add(account.balance().amount());
                    after = account.accountId();
                }
            } while (page.hasMore());
            boolean totalsAgree = store.compareTo(expected) == 0 && read.compareTo(expected) == 0;
            System.out.println("commands accepted " + accepted + ", errors " + errors
                    + (firstError.get() == null ? "" : " (first: " + firstError.get() + ")"));
            System.out.println("events acknowledged but not in the read model: " + pending
                    + (caughtUp ? "" : " (it stalled for " + STALL_SECONDS + " s)"));
            System.out.println("total balance: store " + store + " USD, read model " + read + " USD, expected "
                    + expected + " USD: " + (totalsAgree ? "equal" : "DIFFERENT"));
            return errors.get() == 0 && caughtUp && pending == 0 && totalsAgree;
        }
    }

    private static List<AccountId> createAccounts(Ledger ledger, OutboxRelay relay, CommandLag times, int count) {
        List<AccountId> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AccountId id = AccountId.of("LAG-" + i);
            CommandResult result = ledger.execute(new CreateAccount(id, OwnerName.of("Lag " + i),
                    Money.of("0.00", "USD")));
            if (!(result instanceof CommandResult.Accepted created)) {
                throw new IllegalStateException("could not create " + id + ": " + result);
            }
            long now = System.nanoTime();
            times.acknowledged(created.events(), now, now, false);
            accounts.add(id);
        }
        relay.wake();
        return accounts;
    }

    private static void report(CommandLag times, Histogram floorBefore, Histogram floorAfter, String title) {
        System.out.println();
        System.out.println(title);
        System.out.println();
        System.out.println(Latencies.HEADER);
        System.out.println(Latencies.row("lag: acknowledged → committed in the read model", times.lag()));
        System.out.println(Latencies.row("command: due → acknowledged", times.response()));
        System.out.println(Latencies.row("end to end: due → committed in the read model", times.endToEnd()));
        System.out.println(Latencies.row("read model: the apply (its transaction) that committed an event", times.applyTime()));
        System.out.println(Latencies.row("floor: one-row insert + commit, before", floorBefore));
        System.out.println(Latencies.row("floor: one-row insert + commit, after", floorAfter));
        System.out.println();
        System.out.println("lag p50 / p99 by " + WINDOW_SECONDS + " s window of due times: "
                + Arrays.stream(times.lagByWindow())
                .map(h -> Latencies.millis(h.getValueAtPercentile(50)) + " / "
                        + Latencies.millis(h.getValueAtPercentile(99)))
                .collect(Collectors.joining(", ")));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Waits until every acknowledged event reached the read model, while it makes progress; false if stalled. */
    private static boolean awaitReadModel(CommandLag times) throws InterruptedException {
        int pending = times.pending();
        long lastProgress = System.nanoTime();
        while (pending > 0) {
            TimeUnit.MILLISECONDS.sleep(20);
            int now = times.pending();
            if (now < pending) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                return false;
            }
            pending = now;
        }
        return true;
    }
}
