package io.chronicleledger.testkit;

import io.chronicleledger.core.Subscription;
import io.chronicleledger.core.bus.EventBus;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.ledger.Withdraw;
import io.chronicleledger.core.memory.InMemoryEventBus;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.SnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A randomized, seeded test of a whole ledger: thousands of random commands (deposits, withdrawals,
 * transfers, duplicate creations, invalid amounts, currency mismatches and retried idempotency keys) from
 * several threads against a few hot accounts, then:
 * <ul>
 *   <li>the accepted commands, applied in commit order to a sequential model, are all valid there and end at
 *   the same balances as the ledger;</li>
 *   <li>a retried idempotency key answers the original events and records nothing;</li>
 *   <li>the store holds exactly the events of the accepted commands;</li>
 *   <li>{@link LedgerInvariants} hold, and the read model (fed through the bus) equals a replay of the
 *   store.</li>
 * </ul>
 * The seed is printed, and named in every failure; rerun with {@code -Dchronicle.seed=N} to repeat the same
 * commands (thread interleaving still varies).
 *
 * <p>Adapters extend this class and supply their event store; the snapshot store, bus and read model default
 * to the in-memory ones.
 */
public abstract class RandomizedLedgerConformance {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Creates the suite. */
    protected RandomizedLedgerConformance() {
    }

    /**
     * Creates the event store under test.
     *
     * @return an empty store (a database adapter gives each run its own schema): the read model is compared
     *         with a replay of the whole store
     */
    protected abstract EventStore createEventStore();

    /**
     * Creates the snapshot store (default: in memory).
     *
     * @return a snapshot store
     */
    protected SnapshotStore createSnapshotStore() {
        return new InMemorySnapshotStore();
    }

    /**
     * Creates the bus that carries events to the read model (default: in memory).
     *
     * @return a bus
     */
    protected EventBus createEventBus() {
        return new InMemoryEventBus(Duration.ofSeconds(5));
    }

    /**
     * Creates the read model (default: in memory).
     *
     * @return an empty read model
     */
    protected LedgerReadModel createReadModel() {
        return new InMemoryLedgerReadModel();
    }

    /**
     * Returns how many random commands to run (default 10,000).
     *
     * @return the number of commands
     */
    protected int commands() {
        return 10_000;
    }

    /**
     * Returns how many threads send them (default 8).
     *
     * @return the number of threads
     */
    protected int threads() {
        return 8;
    }

    /**
     * Registers something to close after the test.
     *
     * @param resource the resource
     * @param <T>      its type
     * @return the resource
     */
    protected <T extends AutoCloseable> T closeAfterTest(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Closes what the test opened, newest first.
     *
     * @throws Exception when closing fails
     */
    @AfterEach
    protected void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }

    @Test
    @DisplayName("random commands from many threads keep every ledger invariant")
    void randomCommandsKeepEveryInvariant() throws Exception {
        long seed = Long.getLong("chronicle.seed", System.nanoTime());
        System.out.println("RandomizedLedgerConformance seed " + seed + " (rerun with -Dchronicle.seed=" + seed + ")");
        try {
            run(seed);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dchronicle.seed=" + seed + "): "
                    + e.getMessage(), e);
        }
    }

    private void run(long seed) throws Exception {
        EventStore store = createEventStore();
        EventBus bus = createEventBus();
        LedgerReadModel readModel = createReadModel();
        Subscription relay = closeAfterTest(store.tail(store.headPosition(), event -> bus.publish(List.of(event))));
        closeAfterTest(new Projector(readModel, store).subscribe(bus, "randomized-" + UniqueNames.suffix()));
        Ledger ledger = Ledger.builder().eventStore(store).snapshotStore(createSnapshotStore()).snapshotEvery(25)
                .build();
        long headBefore = store.headPosition();

        Workload workload = new Workload(seed, UniqueNames.suffix());
        List<Executed> executed = new ArrayList<>(workload.openAccounts(ledger));
        executed.addAll(workload.runConcurrently(ledger, threads(), commands()));

        SequentialLedgerModel model = new SequentialLedgerModel();
        executed.stream()
                .filter(e -> e.result() instanceof CommandResult.Accepted accepted && !accepted.replayed())
                .sorted(Comparator.comparingLong(e -> ((CommandResult.Accepted) e.result()).lastPosition()))
                .forEach(e -> model.apply(e.command()));
        assertThat(model.violations()).as("accepted commands the sequential model refuses").isEmpty();
        for (String account : workload.accounts) {
            assertThat(ledger.account(AccountId.of(account)).map(s -> s.balance().amount()))
                    .as("balance of %s", account)
                    .hasValueSatisfying(balance -> assertThat(balance).isEqualByComparingTo(model.balance(account)));
        }
        long recorded = executed.stream()
                .filter(e -> e.result() instanceof CommandResult.Accepted accepted && !accepted.replayed())
                .mapToLong(e -> ((CommandResult.Accepted) e.result()).events().size())
                .sum();
        AtomicLong stored = new AtomicLong(); // counted, not taken from the head: positions may have gaps
        EventLog.forEachAfter(store, headBefore, event -> stored.incrementAndGet());
        assertThat(stored.get()).as("events recorded").isEqualTo(recorded);

        LedgerInvariants.assertHold(store);
        awaitCatchUp(readModel, ReadModels.replayOf(store), workload.accounts);
        relay.close();
        LedgerInvariants.assertHold(store, readModel);
    }

    private static void awaitCatchUp(LedgerQueries readModel, LedgerQueries replay, List<String> accounts)
            throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (!accounts.stream().allMatch(id -> readModel.account(id).equals(replay.account(id)))) {
            assertThat(System.nanoTime() - deadline).as("read model caught up within %s", CATCH_UP).isNegative();
            Thread.sleep(20);
        }
    }

    /** A command and what the ledger answered. */
    private record Executed(LedgerCommand command, CommandResult result) {
    }

    /** The random commands of one run. */
    private static final class Workload {
        private static final int ACCOUNTS = 8;

        private final long seed;
        private final List<String> accounts = new ArrayList<>();
        private final List<String> currencies = new ArrayList<>();

        Workload(long seed, String suffix) {
            this.seed = seed;
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.add("R" + suffix + "-" + i);
                currencies.add(i % 4 == 3 ? "JPY" : "USD");
            }
        }

        List<Executed> openAccounts(Ledger ledger) {
            Random random = new Random(seed);
            List<Executed> opened = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                CreateAccount create = new CreateAccount(AccountId.of(accounts.get(i)), OwnerName.of("Owner " + i),
                        new Money(amount(random, currencies.get(i)), Money.currency(currencies.get(i))));
                CommandResult result = ledger.execute(create);
                assertThat(result).as("opening %s", accounts.get(i)).isInstanceOf(CommandResult.Accepted.class);
                opened.add(new Executed(create, result));
            }
            return opened;
        }

        List<Executed> runConcurrently(Ledger ledger, int threads, int commands) throws Exception {
            Queue<Executed> executed = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Random random = new Random(seed * 31 + t);
                    String keyPrefix = "k-" + accounts.get(0) + "-" + t + "-";
                    int count = commands / threads + (t < commands % threads ? 1 : 0);
                    workers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < count; i++) {
                            executeOne(ledger, random, keyPrefix + i, executed);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> worker : workers) {
                    try {
                        worker.get(5, TimeUnit.MINUTES);
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof AssertionError assertion) {
                            throw assertion;
                        }
                        throw e;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            return new ArrayList<>(executed);
        }

        private void executeOne(Ledger ledger, Random random, String key, Queue<Executed> executed) {
            LedgerCommand command = randomCommand(random);
            if (random.nextInt(10) == 0) {
                CommandResult first = ledger.execute(command, key);
                CommandResult retry = ledger.execute(command, key);
                if (first instanceof CommandResult.Accepted accepted) {
                    assertThat(retry).as("retry of %s", key).isInstanceOfSatisfying(CommandResult.Accepted.class,
                            again -> {
                                assertThat(again.replayed()).isTrue();
                                assertThat(again.events()).isEqualTo(accepted.events());
                                assertThat(again.transferId()).isEqualTo(accepted.transferId());
                            });
                }
                executed.add(new Executed(command, first));
                executed.add(new Executed(command, retry));
            } else {
                executed.add(new Executed(command, ledger.execute(command)));
            }
        }

        private LedgerCommand randomCommand(Random random) {
            int account = random.nextInt(ACCOUNTS);
            AccountId id = AccountId.of(accounts.get(account));
            BigDecimal amount = random.nextInt(50) == 0
                    ? new BigDecimal("0.001")
                    : amount(random, currencies.get(account)).max(BigDecimal.ONE);
            Description description = Description.of("random " + random.nextInt(1000));
            int kind = random.nextInt(100);
            if (kind < 3) {
                return new CreateAccount(id, OwnerName.of("Twin"), Money.of("1", currencies.get(account)));
            }
            if (kind < 33) {
                return Deposit.of(id, amount, description);
            }
            if (kind < 60) {
                return Withdraw.of(id, amount, description);
            }
            AccountId to = AccountId.of(accounts.get(random.nextInt(ACCOUNTS)));
            return kind < 62
                    ? new Transfer(id, to, amount, Optional.of(Money.currency("EUR")), description)
                    : Transfer.of(id, to, amount, description);
        }

        private static BigDecimal amount(Random random, String currency) {
            int minorUnits = Money.currency(currency).getDefaultFractionDigits();
            return BigDecimal.valueOf(random.nextInt(100_000), minorUnits);
        }
    }
}
