package io.chronicleledger.projection.pg.internal;

import io.chronicleledger.core.ledger.LedgerEvents;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.projection.pg.TestDatabase;
import io.chronicleledger.testkit.QueryPlans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query the read model runs on a hot path uses an index, never a sequential scan, on tables of 100,000
 * rows ({@link QueryPlans}): the very SQL text {@link ReadQueries} and {@link EventApplier} run, with its
 * parameters bound; the tables are filled and analyzed so that the planner's choice is the real one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class QueryPlansTest {

    private static final int ACCOUNTS = 20_000;
    private static final int ROWS = 100_000;
    private static final int PAGE = 50;
    private static final String ACCOUNT = "acc-012345";

    private PostgresLedgerReadModel model;
    private String schema;
    private UUID transferId;

    @BeforeAll
    void fill() throws SQLException {
        model = PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource())
                .schema(TestDatabase.freshSchema()).build();
        schema = model.schema();
        String s = schema;
        String account = "'acc-' || lpad((((i - 1) % " + ACCOUNTS + ") + 1)::text, 6, '0')";
        execute(
                "INSERT INTO " + s + ".account_balance (account_id, owner_name, balance, currency, status, created_at, "
                        + "last_updated, version, last_position) "
                        + "SELECT 'acc-' || lpad(i::text, 6, '0'), 'Owner ' || i, (i % 1000) + 0.25, "
                        + "CASE WHEN i % 10 = 0 THEN 'EUR' ELSE 'USD' END, 'active', now(), now(), 5, i * 5 "
                        + "FROM generate_series(1, " + ACCOUNTS + ") i",
                // five entries per account, versions 1 to 5
                "INSERT INTO " + s + ".transactions (transaction_id, account_id, type, amount, balance_after, "
                        + "description, timestamp, version, transfer_id) "
                        + "SELECT gen_random_uuid(), " + account + ", "
                        + "(ARRAY['opening', 'deposit', 'withdrawal', 'transfer_out', 'transfer_in'])"
                        + "[(i - 1) / " + ACCOUNTS + " + 1], 1.00, i, 'entry ' || i, now(), "
                        + "(i - 1) / " + ACCOUNTS + " + 1, CASE WHEN i % 3 = 0 THEN md5('t' || i)::uuid END "
                        + "FROM generate_series(1, " + ROWS + ") i",
                "INSERT INTO " + s + ".transfers (transfer_id, from_account_id, to_account_id, amount, currency, "
                        + "description, status, created_at) "
                        + "SELECT md5('t' || i)::uuid, " + account + ", "
                        + "'acc-' || lpad(((i % " + ACCOUNTS + ") + 1)::text, 6, '0'), 1.00, 'USD', 'transfer ' || i, "
                        + "CASE WHEN i % 7 = 0 THEN 'pending' ELSE 'completed' END, now() "
                        + "FROM generate_series(1, " + ROWS + ") i",
                // one event in ten of another aggregate, the others spread over the five account event types
                "INSERT INTO " + s + ".audit_log (position, event_id, aggregate_id, aggregate_type, event_type, "
                        + "event_version, stream_version, data, metadata, created_at) "
                        + "SELECT i, gen_random_uuid(), "
                        + "CASE WHEN i % 10 = 0 THEN 'other-' || (i % 500) ELSE " + account + " END, "
                        + "CASE WHEN i % 10 = 0 THEN 'Other' ELSE 'Account' END, "
                        + "CASE WHEN i % 10 = 0 THEN 'SomethingHappened' ELSE (ARRAY['"
                        + LedgerEvents.ACCOUNT_CREATED + "', '" + LedgerEvents.MONEY_DEPOSITED + "', '"
                        + LedgerEvents.MONEY_WITHDRAWN + "', '" + LedgerEvents.TRANSFER_SENT + "', '"
                        + LedgerEvents.TRANSFER_RECEIVED + "'])[(i - 1) / " + ACCOUNTS + " + 1] END, "
                        + "1, (i - 1) / " + ACCOUNTS + " + 1, '{\"n\": ' || i || '}', '{}', now() "
                        + "FROM generate_series(1, " + ROWS + ") i",
                "INSERT INTO " + s + ".stream_versions (aggregate_id, version) "
                        + "SELECT 'acc-' || lpad(i::text, 6, '0'), 5 FROM generate_series(1, " + ACCOUNTS + ") i "
                        + "UNION ALL SELECT 'other-' || i, 3 FROM generate_series(1, " + (ROWS - ACCOUNTS) + ") i",
                "ANALYZE " + s + ".account_balance",
                "ANALYZE " + s + ".transactions",
                "ANALYZE " + s + ".transfers",
                "ANALYZE " + s + ".audit_log",
                "ANALYZE " + s + ".stream_versions");
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT md5('t' || 4242)::uuid")) {
            assertThat(rows.next()).isTrue();
            transferId = rows.getObject(1, UUID.class);
        }
    }

    @AfterAll
    void drop() {
        if (model != null) {
            model.dropSchema();
        }
    }

    @Test
    void accountById() {
        assertNoSeqScan("account by id", ReadQueries.accountSql(schema), (c, p) -> p.setString(1, ACCOUNT));
    }

    @Test
    void accountsPage() {
        assertNoSeqScan("first accounts page", ReadQueries.accountsSql(schema), (c, p) -> {
            p.setString(1, "");
            p.setInt(2, PAGE + 1);
        });
        assertNoSeqScan("accounts page after an id", ReadQueries.accountsSql(schema), (c, p) -> {
            p.setString(1, ACCOUNT);
            p.setInt(2, PAGE + 1);
        });
    }

    @Test
    void transactionsPage() {
        assertNoSeqScan("newest transactions of an account", ReadQueries.transactionsSql(schema), (c, p) -> {
            p.setString(1, ACCOUNT);
            p.setLong(2, Long.MAX_VALUE);
            p.setInt(3, PAGE + 1);
        });
        assertNoSeqScan("transactions of an account before a version", ReadQueries.transactionsSql(schema),
                (c, p) -> {
                    p.setString(1, ACCOUNT);
                    p.setLong(2, 3);
                    p.setInt(3, PAGE + 1);
                });
    }

    @Test
    void transferById() {
        assertNoSeqScan("transfer by id", ReadQueries.transferSql(schema), (c, p) -> p.setObject(1, transferId));
    }

    @Test
    void auditLogAfterAPosition() {
        for (long after : new long[] {0, ROWS / 2, ROWS - PAGE}) {
            assertNoSeqScan("audit log after " + after, ReadQueries.auditLogSql(schema, false, false), (c, p) -> {
                p.setLong(1, after);
                p.setInt(2, PAGE + 1);
            });
        }
    }

    @Test
    void auditLogOfAStream() {
        for (String stream : new String[] {ACCOUNT, "other-10"}) {
            assertNoSeqScan("audit log of stream " + stream, ReadQueries.auditLogSql(schema, true, false),
                    (c, p) -> {
                        p.setLong(1, 0);
                        p.setString(2, stream);
                        p.setInt(3, PAGE + 1);
                    });
        }
    }

    @Test
    void auditLogOfEventTypes() {
        List<String[]> typeSets = List.of(new String[] {LedgerEvents.TRANSFER_SENT},
                new String[] {LedgerEvents.TRANSFER_SENT, LedgerEvents.TRANSFER_RECEIVED},
                new String[] {"SomethingHappened"}, new String[] {"NeverRecorded"});
        for (String[] types : typeSets) {
            for (long after : new long[] {0, ROWS - PAGE}) {
                assertNoSeqScan("audit log of types " + String.join(",", types) + " after " + after,
                        ReadQueries.auditLogSql(schema, false, true), (c, p) -> {
                            p.setLong(1, after);
                            p.setArray(2, c.createArrayOf("varchar", types));
                            p.setInt(3, PAGE + 1);
                        });
            }
        }
    }

    @Test
    void auditLogOfAStreamAndEventTypes() {
        assertNoSeqScan("audit log of a stream and types", ReadQueries.auditLogSql(schema, true, true), (c, p) -> {
            p.setLong(1, 0);
            p.setString(2, ACCOUNT);
            p.setArray(3, c.createArrayOf("varchar", new String[] {LedgerEvents.MONEY_DEPOSITED}));
            p.setInt(4, PAGE + 1);
        });
    }

    @Test
    void highestPosition() {
        assertNoSeqScan("highest position", ReadQueries.highestPositionSql(schema), (c, p) -> { });
    }

    @Test
    void streamLocks() {
        assertNoSeqScan("stream locks", EventApplier.lockStreamsSql(schema), (c, p) ->
                p.setArray(1, c.createArrayOf("varchar", new String[] {ACCOUNT, "other-777", "new-stream"})));
        assertNoSeqScan("stream versions update", AppliedRows.updateStreamsSql(schema), (c, p) -> {
            p.setArray(1, c.createArrayOf("text", new String[] {ACCOUNT, "other-777"}));
            p.setArray(2, c.createArrayOf("int8", new Long[] {6L, 4L}));
        });
    }

    @Test
    void accountReadAndUpsert() {
        assertNoSeqScan("accounts read", EventApplier.loadAccountsSql(schema),
                (c, p) -> p.setArray(1, c.createArrayOf("varchar", new String[] {ACCOUNT, "acc-000042"})));
        assertNoSeqScan("accounts upsert", AppliedRows.upsertAccountsSql(schema), (c, p) -> {
            p.setArray(1, c.createArrayOf("text", new String[] {ACCOUNT}));
            p.setArray(2, c.createArrayOf("text", new String[] {"Owner"}));
            p.setArray(3, c.createArrayOf("text", new String[] {"10.00"}));
            p.setArray(4, c.createArrayOf("text", new String[] {"USD"}));
            p.setArray(5, c.createArrayOf("text", new String[] {"active"}));
            p.setArray(6, c.createArrayOf("text", new String[] {OffsetDateTime.now().toString()}));
            p.setArray(7, c.createArrayOf("text", new String[] {OffsetDateTime.now().toString()}));
            p.setArray(8, c.createArrayOf("int8", new Long[] {6L}));
            p.setArray(9, c.createArrayOf("int8", new Long[] {ROWS + 1L}));
        });
    }

    @Test
    void transferUpsert() {
        assertNoSeqScan("transfers upsert", AppliedRows.upsertTransfersSql(schema), (c, p) -> {
            p.setArray(1, c.createArrayOf("text", new String[] {transferId.toString()}));
            p.setArray(2, c.createArrayOf("text", new String[] {ACCOUNT}));
            p.setArray(3, c.createArrayOf("text", new String[] {"acc-000042"}));
            p.setArray(4, c.createArrayOf("text", new String[] {"1.00"}));
            p.setArray(5, c.createArrayOf("text", new String[] {"USD"}));
            p.setArray(6, c.createArrayOf("text", new String[] {""}));
            p.setArray(7, c.createArrayOf("text", new String[] {"pending"}));
            p.setArray(8, c.createArrayOf("text", new String[] {OffsetDateTime.now().toString()}));
            p.setString(9, "completed");
        });
    }

    private static void assertNoSeqScan(String query, String sql, QueryPlans.Binder binder) {
        QueryPlans.assertNoSeqScan(TestDatabase.dataSource(), query, sql, binder);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
