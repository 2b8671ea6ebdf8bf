package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.chronicleledger.server.RunningServer.Response;
import io.chronicleledger.testkit.LedgerInvariants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.chronicleledger.server.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Idempotency-Key on the Ledger API")
class IdempotencyTest {

    static final String KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stopServer() {
        try {
            server.awaitCaughtUp();
            LedgerInvariants.assertHold(server.store(), server.readModel());
        } finally {
            server.close();
        }
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private static Response post(String path, String body, String key) {
        return server.post(path, body, Map.of(KEY, key));
    }

    /** Sends a request twice with one key; asserts the retry is the same answer, replayed, recording nothing. */
    private static Response assertRetryReplays(String path, String body, int status) {
        String key = newKey();
        Response first = post(path, body, key);
        assertThat(first.status()).as("%s", first).isEqualTo(status);
        assertThat(first.header(REPLAYED)).as("the first answer is no replay").isEmpty();
        long head = server.headPosition();

        for (int retry = 0; retry < 2; retry++) {
            Response again = post(path, body, key);
            assertThat(again.status()).as("%s", again).isEqualTo(first.status());
            assertThat(again.json()).as("the retried body").isEqualTo(first.json());
            assertThat(again.text()).isEqualTo(first.text());
            assertThat(again.header(REPLAYED)).hasValue("true");
        }
        assertThat(server.headPosition()).as("nothing new recorded").isEqualTo(head);
        return first;
    }

    @Nested
    @DisplayName("A retry with the same key and body")
    class Retries {

        @Test
        @DisplayName("of create-account answers the same 201 and body, and creates nothing")
        void createAccount() {
            String id = RunningServer.newId("I");
            assertRetryReplays("/commands/create-account",
                    "{\"account_id\":\"" + id + "\",\"owner_name\":\"Idem\",\"initial_balance\":10}", 201);
            JsonNode account = server.awaitAccountVersion(id, 1);
            server.awaitCaughtUp();
            assertThat(server.get("/accounts/" + id).json().path("version").asLong()).isEqualTo(1);
            assertThat(account.path("balance").asText()).isEqualTo("10.00");
        }

        @Test
        @DisplayName("of deposit answers the same 200 and body, and deposits once")
        void deposit() {
            String id = server.createAccount("I", "10");
            assertRetryReplays("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":5,\"description\":\"once\"}", 200);
            server.awaitCaughtUp();
            JsonNode account = server.get("/accounts/" + id).json();
            assertThat(account.path("version").asLong()).isEqualTo(2);
            assertThat(account.path("balance").asText()).isEqualTo("15.00");
        }

        @Test
        @DisplayName("of withdraw answers the same 200 and body, and withdraws once")
        void withdraw() {
            String id = server.createAccount("I", "10");
            assertRetryReplays("/commands/withdraw", "{\"account_id\":\"" + id + "\",\"amount\":\"7.5\"}", 200);
            server.awaitCaughtUp();
            JsonNode account = server.get("/accounts/" + id).json();
            assertThat(account.path("version").asLong()).isEqualTo(2);
            assertThat(account.path("balance").asText()).isEqualTo("2.50");
        }

        @Test
        @DisplayName("of transfer answers the same transfer id and events, and moves the money once")
        void transfer() {
            String a = server.createAccount("I", "10");
            String b = server.createAccount("I", "0");
            Response first = assertRetryReplays("/commands/transfer", "{\"from_account_id\":\"" + a
                    + "\",\"to_account_id\":\"" + b + "\",\"amount\":3}", 200);
            assertThat(first.json().path("events")).hasSize(2);
            server.awaitCaughtUp();
            assertThat(server.get("/accounts/" + a).json().path("balance").asText()).isEqualTo("7.00");
            assertThat(server.get("/accounts/" + b).json().path("balance").asText()).isEqualTo("3.00");
            assertThat(server.get("/accounts/" + b).json().path("version").asLong()).isEqualTo(2);
        }

        @Test
        @DisplayName("answers the original result even after the account changed since")
        void replayAfterLaterChanges() {
            String id = server.createAccount("I", "10");
            String key = newKey();
            String body = "{\"account_id\":\"" + id + "\",\"amount\":1}";
            Response first = post("/commands/deposit", body, key);
            assertThat(first.status()).isEqualTo(200);
            server.deposit(id, "100");
            server.post("/commands/withdraw", "{\"account_id\":\"" + id + "\",\"amount\":50}");

            Response again = post("/commands/deposit", body, key);
            assertThat(again.json()).isEqualTo(first.json());
            assertThat(again.header(REPLAYED)).hasValue("true");
            assertThat(server.awaitAccountVersion(id, 4).path("balance").asText()).isEqualTo("61.00");
        }

        @Test
        @DisplayName("treats equal amounts as the same request (100 and \"100.00\")")
        void equalAmountsAreTheSameRequest() {
            String id = server.createAccount("I", "10");
            String key = newKey();
            Response first = post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":100}", key);
            assertThat(first.status()).isEqualTo(200);
            long head = server.headPosition();
            Response again = post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":\"100.00\"}", key);
            assertThat(again.status()).as("%s", again).isEqualTo(200);
            assertThat(again.json()).isEqualTo(first.json());
            assertThat(again.header(REPLAYED)).hasValue("true");
            assertThat(server.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("of a refused command gets the same refusal, even once it would succeed, and records nothing")
        void refusalsAreRemembered() {
            String id = server.createAccount("I", "10");
            String key = newKey();
            String body = "{\"account_id\":\"" + id + "\",\"amount\":50}";
            Response first = post("/commands/withdraw", body, key);
            assertError(first, 422, "INSUFFICIENT_FUNDS", null);
            server.deposit(id, "100");
            long head = server.headPosition();

            Response again = post("/commands/withdraw", body, key);
            assertThat(again.status()).as("%s", again).isEqualTo(422);
            assertThat(again.text()).isEqualTo(first.text());
            assertThat(server.headPosition()).isEqualTo(head);
            assertThat(server.awaitAccountVersion(id, 2).path("balance").asText()).isEqualTo("110.00");
        }
    }

    @Nested
    @DisplayName("The same key with another request")
    class Reuse {

        @Test
        @DisplayName("with another amount is refused with 422 IDEMPOTENCY_KEY_REUSED and records nothing")
        void otherAmount() {
            String id = server.createAccount("I", "10");
            String key = newKey();
            assertThat(post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":1}", key).status())
                    .isEqualTo(200);
            long head = server.headPosition();
            assertError(post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":2}", key),
                    422, "IDEMPOTENCY_KEY_REUSED", KEY);
            assertThat(server.headPosition()).isEqualTo(head);
            assertThat(server.awaitAccountVersion(id, 2).path("balance").asText()).isEqualTo("11.00");
        }

        @Test
        @DisplayName("with another description is refused")
        void otherDescription() {
            String id = server.createAccount("I", "10");
            String key = newKey();
            assertThat(post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":1}", key).status())
                    .isEqualTo(200);
            assertError(post("/commands/deposit",
                    "{\"account_id\":\"" + id + "\",\"amount\":1,\"description\":\"x\"}", key),
                    422, "IDEMPOTENCY_KEY_REUSED", KEY);
        }

        @Test
        @DisplayName("on another command is refused (a deposit's key used for a withdrawal)")
        void otherCommand() {
            String id = server.createAccount("I", "10");
            String key = newKey();
            String body = "{\"account_id\":\"" + id + "\",\"amount\":1}";
            assertThat(post("/commands/deposit", body, key).status()).isEqualTo(200);
            long head = server.headPosition();
            assertError(post("/commands/withdraw", body, key), 422, "IDEMPOTENCY_KEY_REUSED", KEY);
            assertError(post("/commands/create-account", "{\"account_id\":\"" + RunningServer.newId("I")
                    + "\",\"owner_name\":\"x\",\"initial_balance\":1}", key), 422, "IDEMPOTENCY_KEY_REUSED", KEY);
            assertThat(server.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("on another account is refused")
        void otherAccount() {
            String a = server.createAccount("I", "10");
            String b = server.createAccount("I", "10");
            String key = newKey();
            assertThat(post("/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":1}", key).status())
                    .isEqualTo(200);
            long head = server.headPosition();
            assertError(post("/commands/deposit", "{\"account_id\":\"" + b + "\",\"amount\":1}", key),
                    422, "IDEMPOTENCY_KEY_REUSED", KEY);
            assertThat(server.headPosition()).isEqualTo(head);
            assertThat(server.awaitAccountVersion(b, 1).path("balance").asText()).isEqualTo("10.00");
        }
    }

    @Nested
    @DisplayName("An invalid key")
    class InvalidKeys {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "has space", "tab\there", "x"})
        @DisplayName("is refused with 400 INVALID_IDEMPOTENCY_KEY and the command not run")
        void refused(String key) {
            String invalid = key.equals("x") ? "k".repeat(256) : key;
            String id = server.createAccount("I", "10");
            long head = server.headPosition();
            assertError(post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":1}", invalid),
                    400, "INVALID_IDEMPOTENCY_KEY", KEY);
            assertThat(server.headPosition()).isEqualTo(head);
        }

        @Test
        @DisplayName("of 255 visible ASCII characters is fine")
        void longestKey() {
            String id = server.createAccount("I", "10");
            String key = (UUID.randomUUID() + "!#$%&'*+.^_`|~").repeat(10).substring(0, 255);
            assertThat(post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":1}", key).status())
                    .isEqualTo(200);
            Response again = post("/commands/deposit", "{\"account_id\":\"" + id + "\",\"amount\":1}", key);
            assertThat(again.header(REPLAYED)).hasValue("true");
        }
    }

    @Nested
    @DisplayName("The same key sent from several threads at once")
    class Concurrent {

        private static final int THREADS = 8;

        private List<Response> race(String path, String body, String key) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> futures = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    Callable<Response> call = () -> {
                        start.await();
                        return post(path, body, key);
                    };
                    futures.add(pool.submit(call));
                }
                start.countDown();
                List<Response> responses = new ArrayList<>();
                for (Future<Response> future : futures) {
                    responses.add(future.get(30, TimeUnit.SECONDS));
                }
                return responses;
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }

        private void assertOneEffect(List<Response> responses, int status) {
            assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(status));
            assertThat(responses).extracting(Response::json).containsOnly(responses.get(0).json());
            assertThat(responses).filteredOn(r -> r.header(REPLAYED).isEmpty()).as("first answers").hasSize(1);
        }

        @Test
        @DisplayName("transfers once, and every thread gets the same answer")
        void transferOnce() throws Exception {
            String a = server.createAccount("IC", "100");
            String b = server.createAccount("IC", "0");
            long head = server.headPosition();
            List<Response> responses = race("/commands/transfer", "{\"from_account_id\":\"" + a
                    + "\",\"to_account_id\":\"" + b + "\",\"amount\":30}", newKey());

            assertOneEffect(responses, 200);
            assertThat(server.eventsAfter(head)).as("two events recorded").isEqualTo(2);
            server.awaitCaughtUp();
            assertThat(server.get("/accounts/" + a).json().path("balance").asText()).isEqualTo("70.00");
            assertThat(server.get("/accounts/" + b).json().path("balance").asText()).isEqualTo("30.00");
        }

        @Test
        @DisplayName("creates an account once, and every thread gets the same 201")
        void createOnce() throws Exception {
            String id = RunningServer.newId("IC");
            long head = server.headPosition();
            List<Response> responses = race("/commands/create-account",
                    "{\"account_id\":\"" + id + "\",\"owner_name\":\"Racer\",\"initial_balance\":5}", newKey());

            assertOneEffect(responses, 201);
            assertThat(server.eventsAfter(head)).isEqualTo(1);
        }

        @Test
        @DisplayName("withdraws once")
        void withdrawOnce() throws Exception {
            String id = server.createAccount("IC", "100");
            long head = server.headPosition();
            List<Response> responses = race("/commands/withdraw", "{\"account_id\":\"" + id + "\",\"amount\":60}",
                    newKey());

            assertOneEffect(responses, 200);
            assertThat(server.eventsAfter(head)).isEqualTo(1);
            assertThat(server.awaitAccountVersion(id, 2).path("balance").asText()).isEqualTo("40.00");
        }
    }
}
