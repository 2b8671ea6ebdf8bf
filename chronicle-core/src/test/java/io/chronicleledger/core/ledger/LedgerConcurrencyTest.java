package io.chronicleledger.core.ledger;

import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.ForwardingEventStore;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Ledger under concurrency")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LedgerConcurrencyTest {

    private static final int THREADS = 4;
    private static final int OPS_PER_THREAD = 200;
    private static final List<AccountId> ACCOUNTS =
            List.of(AccountId.of("C-1"), AccountId.of("C-2"), AccountId.of("C-3"), AccountId.of("C-4"));
    private static final BigDecimal INITIAL = new BigDecimal("1000.00");

    /** Counts what the store answered, thread-safely. */
    private static final class CountingEventStore extends ForwardingEventStore {
        private final AtomicInteger conflicts = new AtomicInteger();

        CountingEventStore(EventStore delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            AppendResult result = super.append(request);
            if (result instanceof AppendResult.VersionConflict) {
                conflicts.incrementAndGet();
            }
            return result;
        }
    }

    /** What the worker threads saw. */
    private static final class Outcomes {
        final Collection<UUID> acceptedTransfers = new ConcurrentLinkedQueue<>();
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicInteger contention = new AtomicInteger();
        final Collection<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    }

    private static void openAccounts(Ledger ledger) {
        for (AccountId id : ACCOUNTS) {
            assertThat(ledger.execute(new CreateAccount(id, OwnerName.of("Owner " + id), new Money(INITIAL,
                    Money.currency("USD"))))).isInstanceOf(CommandResult.Accepted.class);
        }
    }

    /** Runs THREADS workers, worker i on ledgers.get(i % size), each doing OPS_PER_THREAD random transfers. */
    private static Outcomes transferConcurrently(List<Ledger> ledgers) throws Exception {
        Outcomes outcomes = new Outcomes();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Ledger ledger = ledgers.get(t % ledgers.size());
                Random random = new Random(42L + t);
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        int from = random.nextInt(ACCOUNTS.size());
                        int to = (from + 1 + random.nextInt(ACCOUNTS.size() - 1)) % ACCOUNTS.size();
                        // up to 400.00: large enough that some transfers are refused for lack of funds
                        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(40_000), 2);
                        try {
                            CommandResult result = ledger.execute(Transfer.of(ACCOUNTS.get(from), ACCOUNTS.get(to),
                                    amount, Description.NONE));
                            if (result instanceof CommandResult.Accepted accepted) {
                                outcomes.acceptedTransfers.add(accepted.transferId().orElseThrow());
                            } else {
                                LedgerRejection rejection = ((CommandResult.Rejected) result).rejection();
                                if (!(rejection instanceof LedgerRejection.InsufficientFunds)) {
                                    outcomes.unexpected.add(new AssertionError("unexpected " + rejection));
                                }
                                outcomes.rejected.incrementAndGet();
                            }
                        } catch (LedgerContentionException e) {
                            outcomes.contention.incrementAndGet();
                        } catch (RuntimeException | Error e) {
                            outcomes.unexpected.add(e);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(25, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        return outcomes;
    }

    private static void assertInvariants(Ledger reader, InMemoryEventStore store, Outcomes outcomes) {
        assertThat(outcomes.unexpected).as("unexpected exceptions or rejections").isEmpty();
        assertThat(outcomes.acceptedTransfers.size() + outcomes.rejected.get() + outcomes.contention.get())
                .isEqualTo(THREADS * OPS_PER_THREAD);

        BigDecimal total = BigDecimal.ZERO;
        for (AccountId id : ACCOUNTS) {
            Money balance = reader.account(id).orElseThrow().balance();
            assertThat(balance.amount().signum()).as("balance of %s", id).isNotNegative();
            total = total.add(balance.amount());
        }
        assertThat(total).as("money is conserved")
                .isEqualByComparingTo(INITIAL.multiply(BigDecimal.valueOf(ACCOUNTS.size())));

        List<RecordedEvent> events = store.allEvents();
        Map<UUID, List<RecordedEvent>> byTransfer = events.stream()
                .filter(e -> e.eventType().startsWith("Transfer"))
                .collect(Collectors.groupingBy(e -> transferIdOf(e)));
        Set<UUID> accepted = Set.copyOf(outcomes.acceptedTransfers);
        assertThat(accepted).as("transfer ids are unique").hasSize(outcomes.acceptedTransfers.size());
        assertThat(byTransfer.keySet()).as("exactly the accepted transfers are recorded")
                .containsExactlyInAnyOrderElementsOf(accepted);
        byTransfer.forEach((id, pair) -> {
            assertThat(pair).as("transfer %s", id).extracting(RecordedEvent::eventType)
                    .containsExactly(LedgerEvents.TRANSFER_SENT, LedgerEvents.TRANSFER_RECEIVED);
            assertThat(pair.get(1).position()).as("transfer %s in one append", id)
                    .isEqualTo(pair.get(0).position() + 1);
        });

        for (AccountId id : ACCOUNTS) {
            List<RecordedEvent> stream = store.readStream(id.value(), StreamRange.all());
            for (int i = 0; i < stream.size(); i++) {
                assertThat(stream.get(i).streamVersion()).isEqualTo(i + 1L);
                if (i > 0) {
                    assertThat(stream.get(i).createdAt()).isAfter(stream.get(i - 1).createdAt());
                }
            }
        }
    }

    private static UUID transferIdOf(RecordedEvent event) {
        AccountEvent decoded = LedgerEvents.codec().decode(event);
        if (decoded instanceof TransferSent sent) {
            return sent.transferId();
        }
        return ((TransferReceived) decoded).transferId();
    }

    @Test
    @DisplayName("two ledgers (two processes) on one store: money conserved, no negative balance, "
            + "each accepted transfer recorded exactly once")
    void two_processes_transferring() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        CountingEventStore counting = new CountingEventStore(store);
        Ledger first = Ledger.builder().eventStore(counting).snapshotStore(new InMemorySnapshotStore())
                .snapshotEvery(10).maxAttempts(50).build();
        Ledger second = Ledger.builder().eventStore(counting).snapshotStore(new InMemorySnapshotStore())
                .snapshotEvery(7).maxAttempts(50).build();
        openAccounts(first);

        Outcomes outcomes = transferConcurrently(List.of(first, second));

        assertThat(outcomes.contention.get()).as("LedgerContentionException with maxAttempts 50").isZero();
        assertThat(outcomes.acceptedTransfers).isNotEmpty();
        assertInvariants(first, store, outcomes);
        assertInvariants(second, store, outcomes);
        for (AccountId id : ACCOUNTS) {
            assertThat(first.account(id)).isEqualTo(second.account(id));
        }
    }

    @Test
    @DisplayName("one ledger with several threads never conflicts with itself")
    void one_process_does_not_conflict_with_itself() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        CountingEventStore counting = new CountingEventStore(store);
        Ledger ledger = Ledger.builder().eventStore(counting).snapshotStore(new InMemorySnapshotStore())
                .snapshotEvery(5).maxAttempts(1).build();
        openAccounts(ledger);

        Outcomes outcomes = transferConcurrently(List.of(ledger));

        assertThat(counting.conflicts.get()).as("version conflicts inside one process").isZero();
        assertThat(outcomes.contention.get()).isZero();
        assertInvariants(ledger, store, outcomes);
    }

    @Test
    @DisplayName("the same idempotency key raced through two ledgers is recorded once, and both answer it")
    void same_key_raced_by_two_processes() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger first = Ledger.builder().eventStore(store).build();
        Ledger second = Ledger.builder().eventStore(store).build();
        AccountId account = AccountId.of("RACE");
        int keys = 40;
        first.execute(new CreateAccount(account, OwnerName.of("Racer"), Money.of("400", "USD")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<List<CommandResult>> answers = new ArrayList<>();
        try {
            for (int k = 0; k < keys; k++) {
                String key = "race-" + k;
                Withdraw command = Withdraw.of(account, new BigDecimal("10"), Description.of(key));
                CountDownLatch go = new CountDownLatch(1);
                Function<Ledger, Future<CommandResult>> racer = ledger -> pool.submit(() -> {
                    go.await();
                    return ledger.execute(command, key);
                });
                Future<CommandResult> a = racer.apply(first);
                Future<CommandResult> b = racer.apply(second);
                go.countDown();
                answers.add(List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS)));
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(first.account(account).orElseThrow().balance()).isEqualTo(Money.zero(Money.currency("USD")));
        assertThat(store.headPosition()).isEqualTo(1 + keys);
        for (List<CommandResult> pair : answers) {
            assertThat(pair).allSatisfy(r -> assertThat(r).isInstanceOf(CommandResult.Accepted.class));
            CommandResult.Accepted x = (CommandResult.Accepted) pair.get(0);
            CommandResult.Accepted y = (CommandResult.Accepted) pair.get(1);
            assertThat(x.eventId()).isEqualTo(y.eventId());
            assertThat(List.of(x.replayed(), y.replayed())).containsExactlyInAnyOrder(true, false);
        }
        assertThat(answers.stream().map(p -> ((CommandResult.Accepted) p.get(0)).eventId()).distinct().count())
                .isEqualTo(keys);
        assertThat(Collections.frequency(store.allEvents().stream().map(RecordedEvent::eventType).toList(),
                LedgerEvents.MONEY_WITHDRAWN)).isEqualTo(keys);
    }
}
