package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.chronicleledger.server.RunningServer.Response;
import io.chronicleledger.testkit.LedgerInvariants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Concurrent commands through HTTP")
class ConcurrencyTest {

    private static final int THREADS = 16;

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Runs {@code count} requests from {@link #THREADS} threads, released together, and returns the answers. */
    private static List<Response> concurrently(int count, IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Response> call = () -> {
                    start.await();
                    return request.apply(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>(count);
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static BigDecimal balanceOf(String id) {
        return new BigDecimal(server.get("/accounts/" + id).json().path("balance").asText());
    }

    @Test
    @DisplayName("200 transfers among 5 accounts from 16 threads conserve money, and the read model equals the store")
    void transfersConserveMoney() throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accounts.add(server.createAccount("CC" + i, "500.00"));
        }
        BigDecimal initialTotal = new BigDecimal("2500.00");
        long headBefore = server.headPosition();

        List<Response> responses = concurrently(200, i -> {
            Random random = new Random(42L * 1_000 + i);
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            String amount = BigDecimal.valueOf(1 + random.nextInt(30_000), 2).toPlainString();
            return server.post("/commands/transfer", "{\"from_account_id\":\"" + accounts.get(from)
                    + "\",\"to_account_id\":\"" + accounts.get(to) + "\",\"amount\":\"" + amount
                    + "\",\"description\":\"race " + i + "\"}");
        });

        Map<String, Integer> eventsPerAccount = new HashMap<>();
        int accepted = 0;
        for (Response response : responses) {
            assertThat(response.status()).as("%s", response).isIn(200, 422);
            if (response.status() == 422) {
                assertThat(response.errorCode()).as("%s", response).isEqualTo("INSUFFICIENT_FUNDS");
                continue;
            }
            accepted++;
            JsonNode events = response.json().path("events");
            assertThat(events).hasSize(2);
            String transferId = response.json().path("transfer_id").asText();
            for (JsonNode event : events) {
                assertThat(event.path("event_data").path("transfer_id").asText()).isEqualTo(transferId);
                eventsPerAccount.merge(event.path("aggregate_id").asText(), 1, Integer::sum);
            }
        }
        assertThat(accepted).as("some transfers go through").isPositive();
        assertThat(server.eventsAfter(headBefore)).as("two events per accepted transfer, nothing for a refused one")
                .isEqualTo(2L * accepted);

        server.awaitCaughtUp();
        BigDecimal total = BigDecimal.ZERO;
        for (String id : accounts) {
            JsonNode account = server.awaitAccountVersion(id, 1 + eventsPerAccount.getOrDefault(id, 0));
            assertThat(account.path("version").asLong()).isEqualTo(1 + eventsPerAccount.getOrDefault(id, 0));
            BigDecimal balance = new BigDecimal(account.path("balance").asText());
            assertThat(balance).isNotNegative();
            total = total.add(balance);
        }
        assertThat(total).isEqualByComparingTo(initialTotal);
        LedgerInvariants.assertHold(server.store(), server.readModel());
    }

    @Test
    @DisplayName("100 concurrent withdrawals of 10.00 from 500.00 spend it exactly once: 50 succeed")
    void noDoubleSpending() throws Exception {
        String id = server.createAccount("CW", "500.00");
        List<Response> responses = concurrently(100, i -> server.post("/commands/withdraw",
                "{\"account_id\":\"" + id + "\",\"amount\":\"10.00\"}"));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 422));
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(50);
        assertThat(responses).filteredOn(r -> r.status() == 422)
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("INSUFFICIENT_FUNDS"));
        JsonNode account = server.awaitAccountVersion(id, 51);
        assertThat(account.path("balance").asText()).isEqualTo("0.00");
        server.awaitCaughtUp();
        LedgerInvariants.assertHold(server.store(), server.readModel());
    }

    @Test
    @DisplayName("concurrent deposits into one account all count, each at its own version")
    void depositsAllCount() throws Exception {
        String id = server.createAccount("CD", "0");
        List<Response> responses = concurrently(64, i -> server.post("/commands/deposit",
                "{\"account_id\":\"" + id + "\",\"amount\":\"1.25\"}"));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(200));
        assertThat(responses).extracting(r -> r.json().path("position").asLong()).doesNotHaveDuplicates();
        assertThat(server.awaitAccountVersion(id, 65).path("balance").asText()).isEqualTo("80.00");
        JsonNode history = server.get("/accounts/" + id + "/transactions?limit=1000").json().path("transactions");
        List<Long> versions = new ArrayList<>();
        history.forEach(entry -> versions.add(entry.path("version").asLong()));
        assertThat(versions).hasSize(64).doesNotHaveDuplicates();
        assertThat(balanceOf(id)).isEqualByComparingTo("80.00");
    }

    @Test
    @DisplayName("racing creations of one account: exactly one 201, the others 409")
    void oneCreationWins() throws Exception {
        String id = RunningServer.newId("CR");
        List<Response> responses = concurrently(THREADS, i -> server.post("/commands/create-account",
                "{\"account_id\":\"" + id + "\",\"owner_name\":\"Racer " + i + "\",\"initial_balance\":" + i + "}"));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 201).allSatisfy(r -> {
            assertThat(r.status()).as("%s", r).isEqualTo(409);
            assertThat(r.errorCode()).isEqualTo("ACCOUNT_EXISTS");
        });
        assertThat(server.awaitAccountVersion(id, 1).path("version").asLong()).isEqualTo(1);
    }
}
