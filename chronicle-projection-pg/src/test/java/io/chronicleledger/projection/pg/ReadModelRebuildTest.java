package io.chronicleledger.projection.pg;

import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.testkit.ReadModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The rebuild of the read model on PostgreSQL: compare, switch, and the events appended meanwhile. */
class ReadModelRebuildTest {

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        for (String schema : schemas) {
            drop(schema);
            drop(schema + ReadModelRebuild.REBUILD_SUFFIX);
        }
    }

    @Test
    @Timeout(120)
    void rebuildOfAnEqualLiveModelFindsNoDifferencesAndSwitches() {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        workload(ledger, new Random(1), 20, 1_500);
        String live = fresh();
        PostgresLedgerReadModel liveModel = model(live);
        store.allEvents().forEach(liveModel::apply);
        List<ReadModelRebuild.Progress> progress = new CopyOnWriteArrayList<>();

        ReadModelRebuild.Result result = ReadModelRebuild.builder().eventStore(store)
                .dataSource(TestDatabase.dataSource()).liveSchema(live).listener(progress::add).build().run();

        System.out.printf("rebuild of %d events: %s, %.0f events/s%n", result.eventsProjected(), result.duration(),
                result.eventsPerSecond());
        assertThat(result.differences()).isEmpty();
        assertThat(result.switched()).isTrue();
        assertThat(result.eventsProjected()).isEqualTo(store.allEvents().size());
        assertThat(result.position()).isEqualTo(store.headPosition());
        assertThat(progress).extracting(ReadModelRebuild.Progress::phase).contains(ReadModelRebuild.Phase.REBUILD,
                ReadModelRebuild.Phase.COMPARE, ReadModelRebuild.Phase.SWITCH, ReadModelRebuild.Phase.DONE);
        assertThat(progress.get(progress.size() - 1).eventsDone()).isEqualTo(result.eventsProjected());
        // the same read model object, on the live schema's name, answers from the switched schema
        ReadModels.assertEquivalent(ReadModels.replayOf(store), liveModel);
        assertThat(liveSchemas(live)).containsExactly(live);
    }

    @Test
    @Timeout(120)
    void aTamperedLiveModelIsReportedAndRepairedBySwitching() {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        List<String> ids = workload(ledger, new Random(2), 5, 100);
        String live = fresh();
        PostgresLedgerReadModel liveModel = model(live);
        store.allEvents().forEach(liveModel::apply);
        String tampered = ids.get(0);
        BigDecimal truth = liveModel.account(tampered).orElseThrow().balance().amount();
        long version = liveModel.account(tampered).orElseThrow().version();
        execute("UPDATE " + live + ".account_balance SET balance = balance + 1000 WHERE account_id = '" + tampered
                + "'");

        ReadModelRebuild.Result result = ReadModelRebuild.builder().eventStore(store)
                .dataSource(TestDatabase.dataSource()).liveSchema(live).build().run();

        assertThat(result.differences()).containsExactly(new ReadModelRebuild.Difference(tampered,
                ReadModelRebuild.DifferenceKind.BALANCE_DIFFERS, truth.add(new BigDecimal("1000")), version, truth,
                version));
        assertThat(result.switched()).isTrue();
        assertThat(liveModel.account(tampered).orElseThrow().balance().amount()).isEqualByComparingTo(truth);
        ReadModels.assertEquivalent(ReadModels.replayOf(store), liveModel);
    }

    @Test
    @Timeout(120)
    void withoutSwitchOnDifferencesTheLiveModelStaysAndTheRebuiltOneIsLeftForInspection() {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        List<String> ids = workload(ledger, new Random(3), 3, 30);
        String live = fresh();
        PostgresLedgerReadModel liveModel = model(live);
        List<RecordedEvent> events = store.allEvents();
        events.subList(0, events.size() - 5).forEach(liveModel::apply); // the processors lag

        ReadModelRebuild.Result result = ReadModelRebuild.builder().eventStore(store)
                .dataSource(TestDatabase.dataSource()).liveSchema(live).switchOnDifferences(false).build().run();

        assertThat(result.differences()).isNotEmpty().allSatisfy(difference -> assertThat(difference.kind())
                .isIn(ReadModelRebuild.DifferenceKind.LIVE_BEHIND, ReadModelRebuild.DifferenceKind.MISSING_IN_LIVE));
        assertThat(result.switched()).isFalse();
        assertThat(result.resultSchema()).isEqualTo(live + ReadModelRebuild.REBUILD_SUFFIX);
        assertThat(liveSchemas(live)).containsExactlyInAnyOrder(live, live + ReadModelRebuild.REBUILD_SUFFIX);
        ReadModels.assertEquivalent(ReadModels.replayOf(store), PostgresLedgerReadModel.builder()
                .dataSource(TestDatabase.dataSource()).schema(result.resultSchema()).createSchema(false).build());
        assertThat(ids).isNotEmpty();
    }

    @Test
    @Timeout(120)
    void eventsAppendedDuringTheRebuildEndUpInTheSwitchedModel() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        List<String> ids = workload(ledger, new Random(4), 10, 1_000);
        String live = fresh();
        PostgresLedgerReadModel liveModel = model(live);
        store.allEvents().forEach(liveModel::apply);
        Projector processor = new Projector(liveModel, store);
        CompletableFuture<Void> appender = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                // a ledger and its live processor, both busy while the rebuild runs
                Random random = new Random(5);
                for (int i = 0; i < 300; i++) {
                    long before = store.headPosition();
                    String account = ids.get(random.nextInt(ids.size()));
                    run(ledger, Deposit.of(AccountId.of(account), new BigDecimal("2.00"), Description.of("late " + i)));
                    store.allEvents().stream().filter(event -> event.position() > before).forEach(processor::handle);
                }
                appender.complete(null);
            } catch (Throwable t) {
                appender.completeExceptionally(t);
            }
        }, "appender");

        ReadModelRebuild.Result result = ReadModelRebuild.builder().eventStore(store)
                .dataSource(TestDatabase.dataSource()).liveSchema(live).listener(progress -> {
                    if (progress.phase() == ReadModelRebuild.Phase.REBUILD && writer.getState() == Thread.State.NEW) {
                        writer.start();
                    }
                    if (progress.phase() == ReadModelRebuild.Phase.SWITCH) {
                        // the last appends land between the catch-up and the switch, some in the old schema
                        appender.join();
                    }
                }).build().run();
        appender.get(30, TimeUnit.SECONDS);

        assertThat(result.switched()).isTrue();
        assertThat(result.position()).isEqualTo(store.headPosition());
        ReadModels.assertEquivalent(ReadModels.replayOf(store), liveModel);
        assertThat(liveSchemas(live)).containsExactly(live);
    }

    @Test
    @Timeout(120)
    void aLiveProcessorKeepsApplyingThroughTheSwitch() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        List<String> ids = workload(ledger, new Random(6), 10, 1_000);
        String live = fresh();
        PostgresLedgerReadModel liveModel = model(live);
        store.allEvents().forEach(liveModel::apply);
        Projector processor = new Projector(liveModel, store);
        AtomicBoolean rebuilt = new AtomicBoolean();
        CompletableFuture<Integer> appender = CompletableFuture.supplyAsync(() -> {
            // a ledger and its live processor on pooled connections, busy before, during and after the switch
            Random random = new Random(7);
            int appended = 0;
            int afterRebuild = 0;
            while (afterRebuild < 50 && appended < 5_000) {
                long before = store.headPosition();
                String account = ids.get(random.nextInt(ids.size()));
                run(ledger, Deposit.of(AccountId.of(account), new BigDecimal("3.00"), Description.of("d" + appended)));
                store.allEvents().stream().filter(event -> event.position() > before).forEach(processor::handle);
                appended++;
                pause(); // slower than the rebuild, which otherwise chases the head on two busy cores
                if (rebuilt.get()) {
                    afterRebuild++;
                }
            }
            return appended;
        });

        ReadModelRebuild.Result result = ReadModelRebuild.builder().eventStore(store)
                .dataSource(TestDatabase.dataSource()).liveSchema(live).build().run();
        rebuilt.set(true);
        int appended = appender.get(60, TimeUnit.SECONDS);

        System.out.printf("%d deposits applied by the live processor around a rebuild of %d events%n", appended,
                result.eventsProjected());
        assertThat(appended).as("the processor applied deposits after the switch").isLessThan(5_000);
        assertThat(result.switched()).isTrue();
        ReadModels.assertEquivalent(ReadModels.replayOf(store), liveModel);
        assertThat(liveSchemas(live)).containsExactly(live);
    }

    @Test
    @Timeout(120)
    void aLongTransactionOnTheLiveTablesDelaysTheSwitchButStallsReadsOnlyBriefly() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        List<String> ids = workload(ledger, new Random(8), 5, 200);
        String live = fresh();
        PostgresLedgerReadModel liveModel = model(live);
        store.allEvents().forEach(liveModel::apply);
        CountDownLatch switching = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        long holdMillis = 6_000;
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            // a reporting query that keeps a live table open for longer than the switch's lock timeout
            try (Connection connection = TestDatabase.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                statement.executeQuery("SELECT count(*) FROM " + live + ".audit_log").close();
                switching.await();
                Thread.sleep(holdMillis);
                connection.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            // the Query API, reading the live model all along; returns its longest wait
            long longest = 0;
            while (!done.get()) {
                long start = System.nanoTime();
                assertThat(liveModel.account(ids.get(0))).isPresent();
                longest = Math.max(longest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            return longest;
        });

        ReadModelRebuild.Result result = ReadModelRebuild.builder().eventStore(store)
                .dataSource(TestDatabase.dataSource()).liveSchema(live).listener(progress -> {
                    if (progress.phase() == ReadModelRebuild.Phase.SWITCH) {
                        switching.countDown();
                    }
                }).build().run();
        done.set(true);
        holder.get(30, TimeUnit.SECONDS);
        long longestRead = reader.get(30, TimeUnit.SECONDS);

        System.out.printf("switch waited for a %d ms transaction; the longest read took %d ms%n", holdMillis,
                longestRead);
        assertThat(result.switched()).isTrue();
        assertThat(longestRead).as("reads wait behind the switch for one lock timeout at most, not for the whole"
                + " transaction the switch waits for").isLessThan(holdMillis - 2_000);
        ReadModels.assertEquivalent(ReadModels.replayOf(store), liveModel);
        assertThat(liveSchemas(live)).containsExactly(live);
    }

    private static List<String> workload(Ledger ledger, Random random, int accounts, int operations) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String id = "rebuild-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            run(ledger, new CreateAccount(AccountId.of(id), OwnerName.of("Owner " + i), Money.of("100.00", "USD")));
        }
        for (int i = 0; i < operations; i++) {
            String account = ids.get(random.nextInt(ids.size()));
            if (i % 2 == 0) {
                run(ledger, Deposit.of(AccountId.of(account), new BigDecimal("5.00"), Description.of("d" + i)));
            } else {
                String payee = ids.get((ids.indexOf(account) + 1) % ids.size());
                run(ledger, Transfer.of(AccountId.of(account), AccountId.of(payee), new BigDecimal("1.00"),
                        Description.of("t" + i)));
            }
        }
        return ids;
    }

    private static void pause() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(Ledger ledger, LedgerCommand command) {
        assertThat(ledger.execute(command)).isInstanceOf(CommandResult.Accepted.class);
    }

    private String fresh() {
        String schema = TestDatabase.freshSchema();
        schemas.add(schema);
        return schema;
    }

    private static PostgresLedgerReadModel model(String schema) {
        return PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource()).schema(schema).build();
    }

    private static void drop(String schema) {
        PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource()).schema(schema).createSchema(false)
                .build().dropSchema();
    }

    private static List<String> liveSchemas(String live) {
        List<String> names = new ArrayList<>();
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + live
                     + "%' ORDER BY nspname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return names;
    }

    private static void execute(String sql) {
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
