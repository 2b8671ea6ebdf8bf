package io.chronicleledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.projection.pg.PostgresLedgerReadModel;
import io.chronicleledger.store.cockroach.CockroachEventStore;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;
import io.chronicleledger.testkit.LedgerInvariants;
import io.chronicleledger.testkit.NatsServerProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's architecture as separate processes of the packaged server, on the test PostgreSQL and a private
 * NATS: two Ledger API processes, two read processors and a Query API. Under a mixed load of deposits and
 * transfers sent to both ledgers, one processor is killed and started again; the read model on PostgreSQL must
 * converge to a replay of the store, nothing missed or counted twice.
 */
@DisplayName("the seed's processes: two ledgers, two processors and a query API")
class SeedProcessesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS = 8;
    private static final int WRITERS = 4;
    private static final int COMMANDS_PER_WRITER = 60;

    @Test
    @DisplayName("converge to a replay of the store while a processor is killed and restarted under load")
    void convergeUnderLoad() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String storeSchema = "chronicle_seed_store_" + suffix;
        String readSchema = "chronicle_seed_read_" + suffix;
        List<PackagedServer> processes = new ArrayList<>();
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            Map<String, String> stack = Map.of(
                    "CHRONICLE_STORE_URL", RunningServer.POSTGRES_URL, "CHRONICLE_STORE_SCHEMA", storeSchema,
                    "CHRONICLE_STORE_POOL_SIZE", "3",
                    "CHRONICLE_NATS_URL", nats.url(),
                    "CHRONICLE_READ_URL", RunningServer.POSTGRES_URL, "CHRONICLE_READ_SCHEMA", readSchema,
                    "CHRONICLE_READ_POOL_SIZE", "3");
            PackagedServer ledgerA = start(processes, stack, "ledger");
            PackagedServer ledgerB = start(processes, stack, "ledger");
            start(processes, stack, "processor");
            PackagedServer processorB = start(processes, stack, "processor");
            PackagedServer query = start(processes, stack, "query");

            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                String id = "SEED-" + suffix + "-" + i;
                HttpResponse<String> created = (i % 2 == 0 ? ledgerA : ledgerB).post("/commands/create-account",
                        "{\"account_id\":\"" + id + "\",\"owner_name\":\"Owner " + i + "\",\"initial_balance\":\"100.00\"}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                accounts.add(id);
            }

            AtomicInteger done = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> load = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                PackagedServer ledger = w % 2 == 0 ? ledgerA : ledgerB;
                load.add(writers.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < COMMANDS_PER_WRITER; i++) {
                        String from = accounts.get(random.nextInt(ACCOUNTS));
                        String to = accounts.get(random.nextInt(ACCOUNTS));
                        HttpResponse<String> answer = random.nextBoolean() || from.equals(to)
                                ? ledger.post("/commands/deposit", "{\"account_id\":\"" + from + "\",\"amount\":\"1.00\"}")
                                : ledger.post("/commands/transfer", "{\"from_account_id\":\"" + from
                                        + "\",\"to_account_id\":\"" + to + "\",\"amount\":\"1.00\"}");
                        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 422);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            awaitCommands(done, WRITERS * COMMANDS_PER_WRITER / 3);
            processorB.kill();
            awaitCommands(done, WRITERS * COMMANDS_PER_WRITER * 2 / 3);
            processes.remove(processorB);
            start(processes, stack, "processor");
            for (Future<?> writer : load) {
                writer.get(120, TimeUnit.SECONDS);
            }
            writers.shutdown();

            awaitNoLag(query);
            HikariDataSource store = CockroachStoreConfig.of(RunningServer.POSTGRES_URL).withSchema(storeSchema)
                    .withPoolSize(2).createDataSource();
            HikariDataSource read = CockroachStoreConfig.of(RunningServer.POSTGRES_URL).withSchema(readSchema)
                    .withPoolSize(2).createDataSource();
            try {
                awaitConverged(
                        CockroachEventStore.builder().dataSource(store).schema(storeSchema).createSchema(false).build(),
                        PostgresLedgerReadModel.builder().dataSource(read).schema(readSchema).createSchema(false)
                                .build());
            } finally {
                store.close();
                read.close();
            }
            JsonNode first = JSON.readTree(query.get(query.queryPort(), "/accounts/" + accounts.get(0)).body());
            assertThat(first.path("account_id").asText()).isEqualTo(accounts.get(0));
        } finally {
            processes.forEach(PackagedServer::close);
            RunningServer.dropSchema(storeSchema);
            RunningServer.dropSchema(readSchema);
        }
    }

    private static PackagedServer start(List<PackagedServer> processes, Map<String, String> stack, String role)
            throws Exception {
        Map<String, String> environment = new HashMap<>(stack);
        environment.put("CHRONICLE_ROLE", role);
        PackagedServer process = PackagedServer.start(environment);
        processes.add(process);
        return process;
    }

    private static void awaitCommands(AtomicInteger done, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (done.get() < atLeast) {
            assertThat(System.nanoTime() - deadline).as("commands sent in time: " + done.get()).isNegative();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Waits until the read model equals a replay of the store and the ledger's invariants hold: the highest
     * position applied says little when events of other streams below it are still on their way.
     */
    private static void awaitConverged(CockroachEventStore store, PostgresLedgerReadModel readModel)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                LedgerInvariants.assertHold(store, readModel);
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    /** Waits until the query process reports the read model caught up with the store (lag 0). */
    private static void awaitNoLag(PackagedServer query) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health = JSON.readTree(query.get(query.queryPort(), "/health").body());
            if (health.path("projection").path("lag").asLong(-1) == 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the read model did not catch up; the query process's health: " + health);
    }
}
