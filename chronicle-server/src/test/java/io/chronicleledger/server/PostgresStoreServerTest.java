package io.chronicleledger.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server on the PostgreSQL event store (CHRONICLE_STORE_URL): what it records survives a restart, and its
 * relay empties the store's outbox.
 */
@DisplayName("the server on the PostgreSQL event store")
class PostgresStoreServerTest {

    private static final String URL = RunningServer.POSTGRES_URL;
    private static final String SCHEMA = "chronicle_server_" + UUID.randomUUID().toString().replace("-", "")
            .substring(0, 12);
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "CHRONICLE_STORE_URL", URL, "CHRONICLE_STORE_SCHEMA", SCHEMA);

    @AfterAll
    static void dropSchema() {
        RunningServer.dropSchema(SCHEMA);
    }

    @Test
    @DisplayName("keeps every account, its history and its idempotency keys across a restart")
    void survivesRestart() {
        String alice;
        String bob;
        String transferBody;
        RunningServer.Response transfer;
        try (RunningServer server = start()) {
            alice = server.createAccount("PG", "100.00");
            bob = server.createAccount("PG", "0");
            server.deposit(alice, "25.50");
            transferBody = "{\"from_account_id\":\"" + alice + "\",\"to_account_id\":\"" + bob
                    + "\",\"amount\":\"40.00\"}";
            transfer = server.post("/commands/transfer", transferBody, Map.of("Idempotency-Key", SCHEMA + "-t"));
            assertThat(transfer.status()).isEqualTo(200);
            awaitEmptyOutbox(); // relayed: after the restart only the catch-up from the log can bring these back
        }

        try (RunningServer restarted = start()) {
            assertThat(restarted.awaitAccountVersion(alice, 3).path("balance").asText()).isEqualTo("85.50");
            assertThat(restarted.awaitAccountVersion(bob, 2).path("balance").asText()).isEqualTo("40.00");
            assertThat(restarted.get("/accounts/" + alice + "/balance-at?version=2").json().path("balance").asText())
                    .isEqualTo("125.50");

            RunningServer.Response retried = restarted.post("/commands/transfer", transferBody,
                    Map.of("Idempotency-Key", SCHEMA + "-t"));
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.text()).isEqualTo(transfer.text());
            assertThat(retried.header("Idempotent-Replayed")).contains("true");
            assertThat(restarted.awaitAccountVersion(alice, 3).path("balance").asText()).isEqualTo("85.50");
            awaitEmptyOutbox();
        }
    }

    @Test
    @DisplayName("answers balance-at for a moment past what PostgreSQL's timestamps hold: the latest balance, or "
            + "none yet, never a 500")
    void balanceAtTheEndsOfTime() {
        try (RunningServer server = start()) {
            String account = server.createAccount("PG", "12.00");
            server.deposit(account, "3.00");

            RunningServer.Response future = server.get("/accounts/" + account
                    + "/balance-at?timestamp=%2B294277-01-01T00:00:00Z");
            assertThat(future.status()).isEqualTo(200);
            assertThat(future.json().path("balance").asText()).isEqualTo("15.00");
            assertThat(server.get("/accounts/" + account + "/balance-at?timestamp=-4714-01-01T00:00:00Z").status())
                    .isEqualTo(404);
            assertThat(server.get("/accounts/NOBODY-" + SCHEMA + "/balance-at?timestamp=%2B294277-01-01T00:00:00Z")
                    .status()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("two processes on one store without NATS: each reads what either records, also once the one "
            + "relaying stops")
    void twoProcessesWithoutNats() {
        RunningServer first = start();
        try (RunningServer second = start()) {
            String fromSecond = second.createAccount("TWO", "100.00"); // the first holds the relay's lease
            assertThat(first.awaitAccountVersion(fromSecond, 1).path("balance").asText()).isEqualTo("100.00");
            assertThat(second.awaitAccountVersion(fromSecond, 1).path("balance").asText()).isEqualTo("100.00");
            String fromFirst = first.createAccount("TWO", "7.00");
            assertThat(second.awaitAccountVersion(fromFirst, 1).path("balance").asText()).isEqualTo("7.00");

            first.close(); // a rolling restart: the second takes over the relay
            first = null;
            second.deposit(fromFirst, "1.00");
            assertThat(second.awaitAccountVersion(fromFirst, 2).path("balance").asText()).isEqualTo("8.00");
        } finally {
            if (first != null) {
                first.close();
            }
        }
    }

    private static void awaitEmptyOutbox() {
        long deadline = System.nanoTime() + RunningServer.CATCH_UP.toNanos();
        long left;
        do {
            left = outboxRows();
            if (left == 0) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError(left + " events still in the outbox after " + RunningServer.CATCH_UP
                + ": the server's relay does not publish them");
    }

    private static long outboxRows() {
        try (Connection connection = DriverManager.getConnection(URL);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + SCHEMA + ".outbox")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError("cannot count the outbox rows: " + e.getMessage(), e);
        }
    }

    private static RunningServer start() {
        try {
            return RunningServer.start(ENVIRONMENT);
        } catch (RuntimeException e) {
            throw new AssertionError("the server did not start on PostgreSQL at " + URL + "; start PostgreSQL with"
                    + " scripts/setup-services.sh, or point CHRONICLE_PG_URL at one", e);
        }
    }
}
