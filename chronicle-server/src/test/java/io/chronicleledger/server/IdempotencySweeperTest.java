package io.chronicleledger.server;

import io.chronicleledger.core.store.IdempotencyRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the sweeper of expired idempotency keys")
class IdempotencySweeperTest {

    private static final Duration RETENTION = Duration.ofDays(1);
    private static final Duration SHORT = Duration.ofMillis(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** A store's idempotency records that notes every sweep: its retention and thread. */
    private static final class NotedSweeps implements IdempotencyRecords {

        final List<Duration> retentions = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final int failures;
        private final int removed;

        NotedSweeps(int failures, int removed) {
            this.failures = failures;
            this.removed = removed;
        }

        @Override
        public int sweepIdempotencyKeys(Duration retention) {
            retentions.add(retention);
            threads.add(Thread.currentThread());
            if (retentions.size() <= failures) {
                throw new IllegalStateException("the store is down (sweep " + retentions.size() + ")");
            }
            return removed;
        }
    }

    private double sweptCount() {
        return registry.get(IdempotencySweeper.SWEPT_COUNTER).counter().count();
    }

    @Test
    @DisplayName("sweeps once as it starts, though the next sweep is an hour away")
    void sweepsAtStart() {
        NotedSweeps sweeps = new NotedSweeps(0, 3);
        IdempotencySweeper sweeper = new IdempotencySweeper(sweeps, RETENTION, Duration.ofHours(1), registry);
        try {
            await(() -> sweeps.retentions.size() == 1, "the first sweep");
        } finally {
            sweeper.close();
        }

        assertThat(sweeps.retentions).containsExactly(RETENTION);
        assertThat(sweptCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("sweeps in a process with the Ledger API only: a query or processor process, at its own "
            + "retention, must not forget keys its ledger still promises")
    void onlyLedgerRolesSweep() throws Exception {
        for (String role : List.of("query", "processor", "ledger")) {
            NotedSweeps sweeps = new NotedSweeps(0, 0);
            ServerConfig config = ServerConfig.from(Map.of("CHRONICLE_ROLE", role,
                    "CHRONICLE_STORE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                    "CHRONICLE_NATS_URL", "nats://127.0.0.1:4222",
                    "CHRONICLE_READ_URL", "jdbc:postgresql://127.0.0.1:5432/test"), List.of());
            IdempotencySweeper sweeper = new IdempotencySweeper(config, sweeps, registry);
            try {
                if (role.equals("ledger")) {
                    await(() -> sweeps.retentions.size() == 1, "the ledger's first sweep");
                } else {
                    Thread.sleep(300);
                    assertThat(sweeps.retentions).as("sweeps of a %s process", role).isEmpty();
                }
            } finally {
                sweeper.close();
            }
        }
    }

    @Test
    @DisplayName("sweeps again and again on one daemon thread, with the retention, counting the keys it forgets")
    void sweepsOnSchedule() {
        NotedSweeps sweeps = new NotedSweeps(0, 2);
        IdempotencySweeper sweeper = new IdempotencySweeper(sweeps, RETENTION, SHORT, registry);
        try {
            await(() -> sweeps.retentions.size() >= 3, "three sweeps");
        } finally {
            sweeper.close();
        }

        assertThat(sweeps.retentions).containsOnly(RETENTION);
        assertThat(sweeps.threads).hasSameSizeAs(sweeps.retentions).containsOnly(sweeps.threads.get(0));
        assertThat(sweeps.threads.get(0).isDaemon()).isTrue();
        assertThat(sweptCount()).isEqualTo(2.0 * sweeps.retentions.size());
    }

    @Test
    @DisplayName("keeps its schedule when sweeps fail, and counts only what the others forget")
    void survivesFailures() {
        NotedSweeps sweeps = new NotedSweeps(2, 1);
        IdempotencySweeper sweeper = new IdempotencySweeper(sweeps, RETENTION, SHORT, registry);
        try {
            await(() -> sweeps.retentions.size() >= 4, "two sweeps after two failures");
        } finally {
            sweeper.close();
        }

        assertThat(sweptCount()).isEqualTo(sweeps.retentions.size() - 2.0);
    }

    @Test
    @DisplayName("stops its thread when closed")
    void stopsWhenClosed() throws InterruptedException {
        NotedSweeps sweeps = new NotedSweeps(0, 0);
        IdempotencySweeper sweeper = new IdempotencySweeper(sweeps, RETENTION, SHORT, registry);
        await(() -> !sweeps.threads.isEmpty(), "the first sweep");

        sweeper.close();

        Thread thread = sweeps.threads.get(0);
        thread.join(WAIT.toMillis());
        assertThat(thread.isAlive()).as("the sweeper's thread after close").isFalse();
    }

    @Test
    @DisplayName("sweeps on demand too, counting what it forgets")
    void sweepsNow() {
        NotedSweeps sweeps = new NotedSweeps(0, 5);
        IdempotencySweeper sweeper = new IdempotencySweeper(sweeps, RETENTION, Duration.ofHours(1), registry);
        try {
            await(() -> sweeps.retentions.size() == 1, "the first sweep");

            assertThat(sweeper.sweepNow()).isEqualTo(5);
        } finally {
            sweeper.close();
        }
        assertThat(sweptCount()).isEqualTo(10);
    }

    @ParameterizedTest(name = "a retention of {0} is swept every {1}")
    @CsvSource(delimiter = '|', value = {
        "P7D    | PT1H",
        "PT24H  | PT1H",
        "PT12H  | PT30M",
        "PT1H   | PT2M30S",
        "PT24M  | PT1M",
        "PT1S   | PT1M"
    })
    @DisplayName("sweeps every 24th of the retention, at least a minute and at most an hour apart")
    void interval(String retention, String interval) {
        assertThat(IdempotencySweeper.intervalFor(Duration.parse(retention))).isEqualTo(Duration.parse(interval));
    }

    private static void await(BooleanSupplier done, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + WAIT + " for " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
