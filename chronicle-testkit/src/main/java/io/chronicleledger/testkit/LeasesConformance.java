package io.chronicleledger.testkit;

import io.chronicleledger.core.store.Leases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conformance suite of {@link Leases}: a store that keeps leases extends it. A lease has one owner until
 * it expires or is given up, its owner renews it, and among owners that race for a free lease exactly one wins.
 *
 * <p>Each test uses lease names of its own, so the store may be one that earlier tests used. The expiry test
 * waits, on the real clock, for a lease of {@link #shortTtl()} to run out.
 */
public abstract class LeasesConformance {

    private static final Duration LONG = Duration.ofMinutes(5);
    private static final int RACERS = 8;

    private Leases leases;
    private String name;

    /** Creates the suite; called by the subclass of an adapter. */
    protected LeasesConformance() {
    }

    /**
     * Creates the leases under test; called before each test.
     *
     * @return the leases
     */
    protected abstract Leases createLeases();

    /**
     * Returns the time to live of the lease the expiry test lets run out; the test sleeps a little longer.
     *
     * @return a short time to live, 300 ms by default
     */
    protected Duration shortTtl() {
        return Duration.ofMillis(300);
    }

    @BeforeEach
    void openLeases() {
        leases = createLeases();
        name = "lease-" + UniqueNames.suffix();
    }

    @Test
    @DisplayName("a free lease is taken; its owner renews it; another owner is refused while it is held")
    void oneOwner() {
        assertThat(leases.tryAcquire(name, "alpha", LONG)).as("alpha takes the free lease").isTrue();
        assertThat(leases.tryAcquire(name, "alpha", LONG)).as("alpha renews it").isTrue();
        assertThat(leases.tryAcquire(name, "beta", LONG)).as("beta, while alpha holds it").isFalse();
    }

    @Test
    @DisplayName("a lease given up is free at once; giving up a lease one does not hold changes nothing")
    void release() {
        assertThat(leases.tryAcquire(name, "alpha", LONG)).isTrue();

        leases.release(name, "beta");
        assertThat(leases.tryAcquire(name, "beta", LONG)).as("beta, after it gave up what it did not hold").isFalse();

        leases.release(name, "alpha");
        assertThat(leases.tryAcquire(name, "beta", LONG)).as("beta, after alpha gave it up").isTrue();
        leases.release("never-taken-" + name, "alpha");
    }

    @Test
    @DisplayName("an expired lease goes to the next owner that asks, and its former owner is refused")
    void expiry() throws InterruptedException {
        assertThat(leases.tryAcquire(name, "alpha", shortTtl())).isTrue();

        TimeUnit.MILLISECONDS.sleep(shortTtl().toMillis() + 200);

        assertThat(leases.tryAcquire(name, "beta", LONG)).as("beta, after alpha's lease expired").isTrue();
        assertThat(leases.tryAcquire(name, "alpha", LONG)).as("alpha, once beta took over").isFalse();
    }

    @Test
    @DisplayName("leases of different names are independent")
    void independentNames() {
        assertThat(leases.tryAcquire(name, "alpha", LONG)).isTrue();
        assertThat(leases.tryAcquire(name + "-other", "beta", LONG)).isTrue();
    }

    @Test
    @DisplayName("of owners racing for a free lease, exactly one takes it")
    void race() throws Exception {
        CyclicBarrier start = new CyclicBarrier(RACERS);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        List<Future<Boolean>> racers = new ArrayList<>();
        try {
            for (int i = 0; i < RACERS; i++) {
                String owner = "racer-" + i;
                racers.add(pool.submit(() -> {
                    start.await();
                    return leases.tryAcquire(name, owner, LONG);
                }));
            }
            int winners = 0;
            for (Future<Boolean> racer : racers) {
                winners += racer.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).as("owners that took the lease").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("bad names, owners and times to live are refused")
    void badArguments() {
        assertThatThrownBy(() -> leases.tryAcquire("bad name", "alpha", LONG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease name");
        assertThatThrownBy(() -> leases.tryAcquire(name, "", LONG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> leases.tryAcquire(name, "alpha", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }
}
