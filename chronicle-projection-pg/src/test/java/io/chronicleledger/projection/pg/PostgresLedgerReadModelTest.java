package io.chronicleledger.projection.pg;

import io.chronicleledger.core.Page;
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
import io.chronicleledger.core.projection.ApplyResult;
import io.chronicleledger.core.store.GlobalLogQuery;
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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the conformance suite does not cover: concurrent processes, the schema, and the stored amounts. */
class PostgresLedgerReadModelTest {

    private static final int CONTENDERS = 6;

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        schemas.forEach(schema -> PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource())
                .schema(schema).createSchema(false).build().dropSchema());
    }

    @Test
    @Timeout(60)
    void processesApplyingTheSameEventsApplyEachOnce() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        workload(Ledger.builder().eventStore(store).build(), new Random(11));
        List<RecordedEvent> events = store.allEvents();
        String schema = fresh();
        // several read models on one schema stand for several projector processes
        List<List<ApplyResult>> results = race(contender -> {
            PostgresLedgerReadModel model = build(schema);
            return applyInterleaved(model, events, new Random(contender));
        });

        long applied = results.stream().flatMap(List::stream).filter(ApplyResult.APPLIED::equals).count();
        assertThat(applied).as("events applied across the processes").isEqualTo(events.size());
        assertThat(results.stream().flatMap(List::stream))
                .as("in stream order, an event is applied or a duplicate, never a gap")
                .allMatch(result -> result.equals(ApplyResult.APPLIED) || result.equals(ApplyResult.DUPLICATE));
        PostgresLedgerReadModel model = build(schema);
        ReadModels.assertEquivalent(ReadModels.replayOf(store), model);
        Page<RecordedEvent> auditLog = model.auditLog(GlobalLogQuery.after(0, GlobalLogQuery.MAX_LIMIT));
        assertThat(auditLog.items()).extracting(RecordedEvent::position)
                .containsExactlyElementsOf(events.stream().map(RecordedEvent::position).toList());
    }

    @Test
    @Timeout(60)
    void processesCreatingOneSchemaAtOnceAllSucceed() throws Exception {
        String schema = fresh();

        List<String> built = race(contender -> build(schema).schema());

        assertThat(built).containsOnly(schema).hasSize(CONTENDERS);
        assertThat(queryText("SELECT string_agg(version::text, ',') FROM " + schema + ".schema_version"))
                .isEqualTo("1");
    }

    @Test
    void amountsAreStoredExactlyAtTheirCurrencysScale() {
        InMemoryEventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder().eventStore(store).build();
        String dinar = "kwd-" + UUID.randomUUID();
        String yen = "jpy-" + UUID.randomUUID();
        execute(ledger, new CreateAccount(AccountId.of(dinar), OwnerName.of("Dana"), Money.of("1.5", "KWD")));
        execute(ledger, Deposit.of(AccountId.of(dinar), new BigDecimal("0.25"), Description.of("gift")));
        execute(ledger, new CreateAccount(AccountId.of(yen), OwnerName.of("Yuki"), Money.of("1000", "JPY")));
        String schema = fresh();
        PostgresLedgerReadModel model = build(schema);
        store.allEvents().forEach(model::apply);

        assertThat(model.account(dinar).orElseThrow().balance().amount()).isEqualTo(new BigDecimal("1.750"));
        assertThat(queryText("SELECT balance::text FROM " + schema + ".account_balance WHERE account_id = '"
                + dinar + "'")).isEqualTo("1.750");
        assertThat(queryText("SELECT string_agg(amount::text || '/' || balance_after::text, ',' ORDER BY version) FROM "
                + schema + ".transactions WHERE account_id = '" + dinar + "'")).isEqualTo("1.500/1.500,0.250/1.750");
        assertThat(queryText("SELECT balance::text FROM " + schema + ".account_balance WHERE account_id = '"
                + yen + "'")).isEqualTo("1000");
    }

    @Test
    void anEventOfAnotherAggregateOnlyAdvancesItsStreamAndTheAuditLog() {
        PostgresLedgerReadModel model = build(fresh());
        RecordedEvent first = otherEvent(1, 1);

        assertThat(model.apply(first)).isEqualTo(ApplyResult.APPLIED);
        assertThat(model.apply(first)).isEqualTo(ApplyResult.DUPLICATE);
        assertThat(model.apply(otherEvent(3, 3))).isEqualTo(ApplyResult.gap(1));
        assertThat(model.apply(otherEvent(2, 2))).isEqualTo(ApplyResult.APPLIED);

        assertThat(model.accounts("", 10).items()).isEmpty();
        assertThat(model.auditLog(GlobalLogQuery.after(0, 10)).items())
                .extracting(RecordedEvent::streamVersion, RecordedEvent::data, RecordedEvent::metadata)
                .containsExactly(org.assertj.core.api.Assertions.tuple(1L, "{\"n\": 1,  \"b\":[ ]}", "{}"),
                        org.assertj.core.api.Assertions.tuple(2L, "{\"n\": 2,  \"b\":[ ]}", "{}"));
    }

    @Test
    void aSchemaNameMustBeALowerCaseIdentifier() {
        for (String name : new String[] {"", "Read_Model", "read-model", "1read", "read_model; DROP TABLE x", null}) {
            assertThatThrownBy(() -> PostgresLedgerReadModel.builder().schema(name))
                    .as("schema name %s", name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PostgresLedgerReadModel.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutCreatingTheSchemaTheTablesMustBeThere() {
        String schema = fresh();
        PostgresLedgerReadModel model = PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource())
                .schema(schema).createSchema(false).build();

        assertThatThrownBy(() -> model.account("nobody")).isInstanceOf(ReadModelException.class)
                .hasMessageContaining(schema);
        build(schema);
        assertThat(model.account("nobody")).isEmpty();
    }

    @Test
    void aSchemaOfANewerVersionIsRefused() throws SQLException {
        String schema = fresh();
        build(schema);
        execute("INSERT INTO " + schema + ".schema_version (version, description, applied_at) "
                + "VALUES (2, 'from the future', now())");

        assertThatThrownBy(() -> build(schema)).isInstanceOf(ReadModelException.class)
                .hasMessageContaining("version 2");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private String fresh() {
        String schema = TestDatabase.freshSchema();
        schemas.add(schema);
        return schema;
    }

    private static PostgresLedgerReadModel build(String schema) {
        return PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource()).schema(schema).build();
    }

    /** Applies the events in an order of its own that keeps each stream's order. */
    private static List<ApplyResult> applyInterleaved(PostgresLedgerReadModel model, List<RecordedEvent> events,
                                                      Random random) {
        Map<String, Deque<RecordedEvent>> streams = new LinkedHashMap<>();
        events.forEach(event -> streams.computeIfAbsent(event.aggregateId(), id -> new ArrayDeque<>()).add(event));
        List<Deque<RecordedEvent>> pending = new ArrayList<>(streams.values());
        List<ApplyResult> results = new ArrayList<>();
        while (!pending.isEmpty()) {
            int pick = random.nextInt(pending.size());
            results.add(model.apply(pending.get(pick).removeFirst()));
            if (pending.get(pick).isEmpty()) {
                pending.remove(pick);
            }
        }
        return results;
    }

    private static void workload(Ledger ledger, Random random) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "race-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            execute(ledger, new CreateAccount(AccountId.of(id), OwnerName.of("Owner " + i), Money.of("100.00", "USD")));
        }
        for (int i = 0; i < 80; i++) {
            String account = ids.get(random.nextInt(ids.size()));
            if (i % 2 == 0) {
                execute(ledger, Deposit.of(AccountId.of(account), new BigDecimal("5.00"), Description.of("d" + i)));
            } else {
                String payee = ids.get((ids.indexOf(account) + 1) % ids.size());
                execute(ledger, Transfer.of(AccountId.of(account), AccountId.of(payee), new BigDecimal("1.00"),
                        Description.of("t" + i)));
            }
        }
    }

    private static void execute(Ledger ledger, LedgerCommand command) {
        assertThat(ledger.execute(command)).isInstanceOf(CommandResult.Accepted.class);
    }

    private static RecordedEvent otherEvent(long position, long version) {
        return new RecordedEvent(position, UUID.randomUUID(), "other-stream", "Other", "SomethingHappened", 1,
                version, "{\"n\": " + version + ",  \"b\":[ ]}", "{}", Instant.parse("2025-01-01T00:00:00.123456Z"));
    }

    private static <T> List<T> race(IntFunction<T> task) throws Exception {
        CyclicBarrier gate = new CyclicBarrier(CONTENDERS);
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                int contender = i;
                Callable<T> gated = () -> {
                    gate.await(30, TimeUnit.SECONDS);
                    return task.apply(contender);
                };
                futures.add(pool.submit(gated));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String queryText(String sql) {
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row of %s", sql).isTrue();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
