package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.AppendRequest;
import io.chronicleledger.core.store.AppendResult;
import io.chronicleledger.store.cockroach.internal.PositionClaim;
import io.chronicleledger.store.cockroach.internal.Schema;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The schema of the stores")
class SchemaTest {

    /** The tables of the current version. */
    private static final String[] TABLES = {
            "schema_version", "positions", "events", "idempotency_keys", "snapshots", "outbox", "leases",
            "outbox_cursor"};

    private static PostgresDatabase database;

    @BeforeAll
    static void connect() {
        database = PostgresDatabase.create();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        database.close();
    }

    @Test
    @DisplayName("is created once, at versions 1 to 5, however often the stores are built")
    void createdOnce() throws SQLException {
        for (int i = 0; i < 3; i++) {
            CockroachEventStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
            CockroachSnapshotStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
        }

        assertThat(versions(database)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(tables(database)).containsExactlyInAnyOrder(TABLES);
        assertThat(query(database, "SELECT count(*) FROM " + database.schema() + ".positions"))
                .as("the counter's row, replaced by the sequence").isZero();
        assertThat(query(database, "SELECT count(*) FROM pg_catalog.pg_sequences WHERE schemaname = '"
                + database.schema() + "' AND sequencename = 'event_positions'")).isEqualTo(1);
    }

    @Test
    @DisplayName("of a newer version is refused with a message saying so")
    void newerVersionRefused() throws SQLException {
        CockroachEventStore.builder().dataSource(database.dataSource()).schema(database.schema()).build();
        execute(database, "INSERT INTO " + database.schema() + ".schema_version VALUES (99, 'from the future', now())");
        try {
            assertThatThrownBy(() -> CockroachEventStore.builder().dataSource(database.dataSource())
                    .schema(database.schema()).build())
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("version 99");
        } finally {
            execute(database, "DELETE FROM " + database.schema() + ".schema_version WHERE version = 99");
        }
    }

    @Nested
    @DisplayName("at version 1, written by an older adapter,")
    class Upgrade {

        @Test
        @DisplayName("is brought to version 5 with an empty outbox: the events stored before are not put into it")
        void upgradedWithEmptyOutbox() throws SQLException {
            try (PostgresDatabase old = PostgresDatabase.create()) {
                execute(old, Schema.statements(old.schema(), 1, PositionClaim.SEQUENCE).toArray(String[]::new));
                execute(old, "INSERT INTO " + old.schema() + ".events (event_id, aggregate_id, aggregate_type, "
                        + "event_type, event_data, metadata, stream_version, position, created_at) VALUES "
                        + "(gen_random_uuid(), 'account-1', 'Account', 'AccountOpened', '{}', '{}', 1, 1, now())");
                assertThat(versions(old)).containsExactly(1L);

                Schema.ensure(old.dataSource(), old.schema(), PositionClaim.SEQUENCE);

                assertThat(versions(old)).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(tables(old)).containsExactlyInAnyOrder(TABLES);
                assertThat(query(old, "SELECT count(*) FROM " + old.schema() + ".events")).isEqualTo(1);
                assertThat(query(old, "SELECT count(*) FROM " + old.schema() + ".outbox")).isZero();
                assertThat(query(old, "SELECT published FROM " + old.schema() + ".outbox_cursor")).isEqualTo(1);
            }
        }

        @Test
        @DisplayName("runs only the statements of versions 2 to 5, leaving the objects of version 1 as they are")
        void onlyLaterVersionsRun() throws SQLException {
            try (PostgresDatabase old = PostgresDatabase.create()) {
                execute(old, Schema.statements(old.schema(), 1, PositionClaim.SEQUENCE).toArray(String[]::new));
                execute(old, "DROP INDEX " + old.schema() + ".events_type_position_idx");

                Schema.ensure(old.dataSource(), old.schema(), PositionClaim.SEQUENCE);

                assertThat(versions(old)).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(query(old, "SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '"
                        + old.schema() + "' AND indexname = 'events_type_position_idx'")).isZero();
            }
        }
    }

    @Nested
    @DisplayName("at version 2, written by an older adapter,")
    class UpgradeFromVersion2 {

        @Test
        @DisplayName("gains the leases and the outbox cursor, just before the oldest event of its outbox; the rest stays")
        void leasesAndCursorAdded() throws SQLException {
            try (PostgresDatabase old = PostgresDatabase.create()) {
                execute(old, Schema.statements(old.schema(), 1, PositionClaim.SEQUENCE).toArray(String[]::new));
                execute(old, Schema.statements(old.schema(), 2, PositionClaim.SEQUENCE).toArray(String[]::new));
                execute(old, "DROP INDEX " + old.schema() + ".events_type_position_idx");
                execute(old, "INSERT INTO " + old.schema() + ".outbox (position) VALUES (1)");
                List<String> before = tables(old);
                assertThat(versions(old)).containsExactly(1L, 2L);

                Schema.ensure(old.dataSource(), old.schema(), PositionClaim.SEQUENCE);

                assertThat(versions(old)).containsExactly(1L, 2L, 3L, 4L, 5L);
                List<String> added = new ArrayList<>(tables(old));
                added.removeAll(before);
                assertThat(added).containsExactlyInAnyOrder("leases", "outbox_cursor");
                assertThat(query(old, "SELECT published FROM " + old.schema() + ".outbox_cursor")).isZero();
                assertThat(tables(old)).containsExactlyInAnyOrder(TABLES);
                assertThat(query(old, "SELECT count(*) FROM " + old.schema() + ".outbox")).isEqualTo(1);
                assertThat(query(old, "SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = '"
                        + old.schema() + "' AND indexname = 'events_type_position_idx'")).isZero();
            }
        }
    }

    @Nested
    @DisplayName("at version 4, written by an older adapter,")
    class UpgradeFromVersion4 {

        @Test
        @DisplayName("claims positions from a sequence after the counter's, without the counter's row older adapters need")
        void sequenceAfterCounter() throws SQLException {
            try (PostgresDatabase old = PostgresDatabase.create()) {
                for (int version = 1; version <= 4; version++) {
                    execute(old, Schema.statements(old.schema(), version, PositionClaim.SEQUENCE).toArray(String[]::new));
                }
                execute(old, "INSERT INTO " + old.schema() + ".events (event_id, aggregate_id, aggregate_type, "
                        + "event_type, event_data, metadata, stream_version, position, created_at) VALUES "
                        + "(gen_random_uuid(), 'account-1', 'Account', 'AccountOpened', '{}', '{}', 1, 7, now())",
                        "UPDATE " + old.schema() + ".positions SET last = 7");

                Schema.ensure(old.dataSource(), old.schema(), PositionClaim.SEQUENCE);

                assertThat(versions(old)).containsExactly(1L, 2L, 3L, 4L, 5L);
                CockroachEventStore store = CockroachEventStore.builder().dataSource(old.dataSource())
                        .schema(old.schema()).build();
                assertThat(store.append(AppendRequest.of(TestAppends.append(TestAppends.newStream(), 0, 1))))
                        .asInstanceOf(InstanceOfAssertFactories.type(AppendResult.Appended.class))
                        .satisfies(appended -> assertThat(appended.events().get(0).position()).isEqualTo(8));
                assertThat(query(old, "WITH claimed AS (UPDATE " + old.schema() + ".positions SET last = last + 1 "
                        + "WHERE id = 1 RETURNING last) SELECT count(*) FROM claimed"))
                        .as("what a version 4 adapter's append claims").isZero();
            }
        }

        @Test
        @DisplayName("keeps the counter's row where appends claim positions from it (CockroachDB)")
        void counterRowKept() throws SQLException {
            try (PostgresDatabase fresh = PostgresDatabase.create()) {
                Schema.ensure(fresh.dataSource(), fresh.schema(), PositionClaim.COUNTER_ROW);

                assertThat(versions(fresh)).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(query(fresh, "SELECT count(*) FROM " + fresh.schema() + ".positions")).isEqualTo(1);
                assertThat(query(fresh, "SELECT count(*) FROM pg_catalog.pg_sequences WHERE schemaname = '"
                        + fresh.schema() + "'")).isZero();
            }
        }
    }

    @Nested
    @DisplayName("created by several processes at the same moment")
    class ConcurrentCreation {

        private static final int THREADS = 8;
        private static final int ROUNDS = 5;

        @Test
        @DisplayName("is created once, at version 5, and none of them fails")
        void concurrentEnsure() throws Exception {
            for (int round = 1; round <= ROUNDS; round++) {
                try (PostgresDatabase fresh = PostgresDatabase.create()) {
                    warmUp(fresh.dataSource());

                    List<Throwable> failures = race(fresh.dataSource(), fresh.schema());

                    assertThat(failures).as("failures of round %d", round).isEmpty();
                    assertThat(versions(fresh)).as("versions after round %d", round).containsExactly(1L, 2L, 3L, 4L, 5L);
                    assertThat(tables(fresh)).as("tables after round %d", round).containsExactlyInAnyOrder(TABLES);
                    assertThat(query(fresh, "SELECT count(*) FROM " + fresh.schema() + ".positions")).isZero();
                }
            }
        }

        /** Opens the pool's connections first, so that the threads do not queue for them behind the barrier. */
        private void warmUp(DataSource dataSource) throws SQLException {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < THREADS; i++) {
                    held.add(dataSource.getConnection());
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
        }

        private List<Throwable> race(DataSource dataSource, String schema) throws InterruptedException {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> ensures = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    ensures.add(threads.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        Schema.ensure(dataSource, schema, PositionClaim.SEQUENCE);
                        return null;
                    }));
                }
                List<Throwable> failures = new ArrayList<>();
                for (Future<?> ensure : ensures) {
                    try {
                        ensure.get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        failures.add(e.getCause());
                    } catch (TimeoutException e) {
                        failures.add(e);
                    }
                }
                return failures;
            } finally {
                threads.shutdownNow();
                threads.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<Long> versions(PostgresDatabase db) throws SQLException {
        return list(db, "SELECT version FROM " + db.schema() + ".schema_version ORDER BY version");
    }

    private static List<String> tables(PostgresDatabase db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = '" + db.schema() + "' AND table_type = 'BASE TABLE'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static List<Long> list(PostgresDatabase db, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    private static long query(PostgresDatabase db, String sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void execute(PostgresDatabase db, String... sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
