package io.chronicleledger.server;

import io.chronicleledger.server.RunningServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CHRONICLE_IDEMPOTENCY_RETENTION}: a key older than the retention is swept, and a retry with it is a new
 * request. The retention is half a second; the test sweeps through the server's sweeper until the key is gone,
 * rather than waiting for its schedule.
 */
@DisplayName("Idempotency keys expire after CHRONICLE_IDEMPOTENCY_RETENTION")
class IdempotencyExpiryTest {

    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final Map<String, String> RETENTION = Map.of("CHRONICLE_IDEMPOTENCY_RETENTION", "PT0.5S");
    private static final String SCHEMA = "chronicle_expiry_" + UUID.randomUUID().toString().replace("-", "")
            .substring(0, 12);
    private static final Pattern SWEPT =
            Pattern.compile("(?m)^chronicle_idempotency_keys_swept_total(?:\\{.*})? (\\S+)$");

    @AfterAll
    static void dropSchema() {
        RunningServer.dropSchema(SCHEMA);
    }

    @Test
    @DisplayName("on the in-memory store, a retry after the sweep deposits again")
    void inMemory() {
        try (RunningServer server = RunningServer.start(RETENTION)) {
            assertRetryAfterSweepIsNew(server);
        }
    }

    @Test
    @DisplayName("on the PostgreSQL store, a retry after the sweep deposits again")
    void onPostgres() {
        Map<String, String> environment = new HashMap<>(RETENTION);
        environment.put("CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL);
        environment.put("CHRONICLE_STORE_SCHEMA", SCHEMA);
        RunningServer server;
        try {
            server = RunningServer.start(environment);
        } catch (RuntimeException e) {
            throw new AssertionError("the server did not start on PostgreSQL at " + RunningServer.POSTGRES_URL
                    + "; start PostgreSQL with scripts/setup-services.sh, or point CHRONICLE_PG_URL at one", e);
        }
        try (server) {
            assertRetryAfterSweepIsNew(server);
        }
    }

    private static void assertRetryAfterSweepIsNew(RunningServer server) {
        String id = server.createAccount("IE", "10");
        String key = UUID.randomUUID().toString();
        String body = "{\"account_id\":\"" + id + "\",\"amount\":\"5\"}";
        Response first = server.post("/commands/deposit", body, Map.of(KEY, key));
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.header(REPLAYED)).isEmpty();
        long head = server.headPosition();

        sweepUntilForgotten(server, key);

        Response retry = server.post("/commands/deposit", body, Map.of(KEY, key));
        assertThat(retry.status()).as("%s", retry).isEqualTo(200);
        assertThat(retry.header(REPLAYED)).as("the retry of a forgotten key is no replay").isEmpty();
        assertThat(server.eventsAfter(head)).as("the retry deposited again").isEqualTo(1);
        assertThat(server.awaitAccountVersion(id, 3).path("balance").asText()).isEqualTo("20.00");
        assertThat(server.store().findIdempotentAppend(key)).as("the key, remembered anew").isPresent();
        assertThat(sweptKeys(server)).as("chronicle_idempotency_keys_swept_total").isGreaterThanOrEqualTo(1);
    }

    /** Sweeps until the key is older than the retention and forgotten; the first sweeps may come too early. */
    private static void sweepUntilForgotten(RunningServer server, String key) {
        IdempotencySweeper sweeper = server.context().getBean(IdempotencySweeper.class);
        Instant deadline = Instant.now().plus(RunningServer.CATCH_UP);
        while (server.store().findIdempotentAppend(key).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + RunningServer.CATCH_UP + " for the sweep of key " + key);
            }
            sweeper.sweepNow();
            try {
                Thread.sleep(Duration.ofMillis(50).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static double sweptKeys(RunningServer server) {
        Response metrics = server.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        Matcher swept = SWEPT.matcher(metrics.text());
        assertThat(swept.find()).as("the counter in %s", metrics.text()).isTrue();
        return Double.parseDouble(swept.group(1));
    }
}
