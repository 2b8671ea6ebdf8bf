package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.Idempotency;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.store.cockroach.internal.EventTables;
import io.chronicleledger.store.cockroach.internal.Sql;
import io.chronicleledger.testkit.QueryPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every statement of the event store uses an index, never a sequential scan, on tables of 100,000 events and
 * 100,000 idempotency records ({@link QueryPlans}). The statements are the very ones {@link EventTables} runs,
 * bound by its own code: it runs on a connection that explains each statement instead of running it.
 */
@DisplayName("the event store's statements use indexes on 100,000 events")
@Timeout(120)
class StorePlansTest {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();
    private static final int EVENTS = 100_000;
    private static final int STREAMS = 1_000;

    private static EventTables tables;

    @BeforeAll
    static void fill() throws SQLException {
        DATABASE.eventStore();
        tables = DATABASE.tables();
        String s = DATABASE.schema();
        try (Connection connection = DATABASE.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + s + ".events (position, event_id, aggregate_id, aggregate_type, "
                    + "event_type, event_version, stream_version, event_data, metadata, created_at) "
                    + "SELECT i, gen_random_uuid(), 'S-' || (i % " + STREAMS + "), 'Test', "
                    + "CASE WHEN i % 100 = 0 THEN 'Rare' ELSE 'Happened' END, 1, (i - 1) / " + STREAMS + " + 1, "
                    + "'{}', '{}', now() - (" + EVENTS + " - i) * INTERVAL '1 second' FROM generate_series(1, "
                    + EVENTS + ") i");
            statement.execute("INSERT INTO " + s + ".idempotency_keys (idempotency_key, request_hash, response, "
                    + "event_positions, created_at) SELECT 'key-' || i, 'h', '{}', ARRAY[i::BIGINT], "
                    + "now() - (" + EVENTS + " - i) * INTERVAL '1 second' FROM generate_series(1, " + EVENTS + ") i");
            statement.execute("UPDATE " + s + ".positions SET last = " + EVENTS);
            statement.execute("UPDATE " + s + ".outbox_cursor SET published = " + (EVENTS - 1_000));
            statement.execute("ANALYZE " + s + ".events");
            statement.execute("ANALYZE " + s + ".idempotency_keys");
        }
    }

    @Test
    @DisplayName("reads of a stream, its head, and the events of an idempotency record")
    void streams() {
        assertIndexed("a stream", connection -> tables.readStream(connection, "S-42", StreamRange.all()));
        assertIndexed("a stream until a moment", connection -> tables.readStream(connection, "S-42",
                StreamRange.all().until(Instant.now().minusSeconds(3_600))));
        assertIndexed("stream heads", connection -> tables.streamHeads(connection, List.of("S-42", "S-43")));
        assertIndexed("an idempotency record and its events",
                connection -> tables.findIdempotentAppend(connection, "key-5000"));
    }

    @Test
    @DisplayName("pages of the global log: all events, a stream's, a rare type's")
    void globalLog() {
        assertIndexed("the global log", connection -> tables.readAll(connection, GlobalLogQuery.after(50_000, 500)));
        assertIndexed("the global log of a stream",
                connection -> tables.readAll(connection, GlobalLogQuery.after(0, 500).stream("S-42")));
        assertIndexed("the global log of a rare type",
                connection -> tables.readAll(connection, GlobalLogQuery.after(0, 500).types(Set.of("Rare"))));
    }

    @Test
    @DisplayName("the outbox: its read, the cursor's move with the next read, the backlog")
    void outbox() {
        assertIndexed("the outbox", connection -> tables.unpublished(connection, 500));
        assertIndexed("the cursor's move and the next read",
                connection -> tables.markPublishedThenUnpublished(connection, List.of(99_001L, 99_002L), 500));
        assertIndexed("the backlog", tables::backlog);
    }

    @Test
    @DisplayName("an append's statement and the sweep of expired idempotency records")
    void writes() {
        Instant now = Instant.now();
        Map<String, String> append = assertIndexed("an append", connection -> tables.record(connection,
                List.of(new RecordedEvent(1, UUID.randomUUID(), "S-42", "Test", "Happened", 1, 101, "{}", "{}", now)),
                List.of(new EventTables.KeyToKeep(new Idempotency("new-key", "h", "{}"), 0, 1, now)),
                List.of(new EventTables.AssumedHead("S-42", 100, now))));
        assertThat(append.values()).as("the check of an assumed head looks up its one event by the unique key")
                .allMatch(plan -> plan.contains(Sql.EVENTS_STREAM_VERSION_UNIQUE));
        List<RecordedEvent> five = new ArrayList<>();
        List<EventTables.AssumedHead> heads = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // more rows than the values form takes: each column one array
            five.add(new RecordedEvent(1, UUID.randomUUID(), "S-" + i, "Test", "Happened", 1, 101, "{}", "{}", now));
            heads.add(new EventTables.AssumedHead("S-" + i, 100, now));
        }
        Map<String, String> batch = assertIndexed("an append of a batch", connection -> tables.record(connection,
                five, List.of(), heads));
        assertThat(batch.keySet()).as("the arrays form").allMatch(sql -> sql.contains("unnest("));
        assertThat(batch.values()).as("the check of assumed heads looks up each event by the unique key")
                .allMatch(plan -> plan.contains(Sql.EVENTS_STREAM_VERSION_UNIQUE));
        assertIndexed("the sweep", connection -> tables.sweepIdempotency(connection, Duration.ofSeconds(EVENTS - 10), 5_000));
    }

    /** Some work of {@link EventTables} on a connection. */
    @FunctionalInterface
    private interface Work {
        Object run(Connection connection) throws SQLException;
    }

    /** Runs work on a connection that explains its statements, checks every plan, and returns them by statement. */
    private static Map<String, String> assertIndexed(String what, Work work) {
        Map<String, String> plans = new LinkedHashMap<>();
        try (Connection connection = DATABASE.dataSource().getConnection()) {
            try {
                work.run(explaining(connection, plans));
            } catch (SQLException | RuntimeException e) {
                // the work read plans where it expected rows; only the plans matter
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(plans).as("the statements of %s", what).isNotEmpty();
        plans.forEach((sql, plan) -> QueryPlans.assertNoSeqScan(what, sql, plan));
        return plans;
    }

    /** A connection whose prepared statements, when run, are explained instead; the plans go to {@code plans}. */
    private static Connection explaining(Connection connection, Map<String, String> plans) {
        return (Connection) Proxy.newProxyInstance(StorePlansTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("prepareStatement") && arguments.length == 1) {
                        String sql = (String) arguments[0];
                        PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql);
                        return explained(connection, explain, sql, plans);
                    }
                    return Forwarding.call(connection, method, arguments);
                });
    }

    private static PreparedStatement explained(Connection connection, PreparedStatement explain, String sql,
                                               Map<String, String> plans) {
        return (PreparedStatement) Proxy.newProxyInstance(StorePlansTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, arguments) -> {
                    String name = method.getName();
                    if (arguments == null && (name.equals("executeQuery") || name.equals("executeUpdate")
                            || name.equals("execute"))) {
                        try (ResultSet plan = explain.executeQuery()) {
                            plan.next();
                            plans.put(sql, plan.getString(1));
                        }
                        if (name.equals("executeQuery")) {
                            return connection.createStatement().executeQuery("SELECT 1 WHERE FALSE");
                        }
                        return name.equals("execute") ? Boolean.FALSE : 0;
                    }
                    return Forwarding.call(explain, method, arguments);
                });
    }
}
