package io.chronicleledger.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The server on the PostgreSQL event store (CHRONICLE_STORE_URL): what it records survives a restart. */
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
